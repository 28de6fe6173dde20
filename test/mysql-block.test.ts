import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';

// A JavaScript Block in the real restricted runner, against the real MariaDB on this machine.
let pool: RunnerPool;
let logsDir: string;
const password = `canary-${randomBytes(4).toString('hex')}`;

before(async () => {
  logsDir = await tempLogsDir();
  const resolution = testResolvers({
    shop: { type: 'mysql', dev: { host: '127.0.0.1', user: 'root', database: 'test' }, prod: { host: '127.0.0.1', user: 'root', database: 'mysql' } },
    locked: { type: 'mysql', dev: { host: '127.0.0.1', user: 'ziggy_no_such_user', password } },
  });
  pool = createRunnerPool({ size: 1, logsDir, ...resolution.resolvers });
});

after(async () => {
  await pool.close();
  await rm(logsDir, { recursive: true, force: true });
});

async function run(code: string, mode: 'dev' | 'prod' = 'dev') {
  return pool.run({ code, inputs: [], mode, author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });
}

describe('a MySQL/MariaDB connection in a JavaScript Block', () => {
  it('is the mysql2 promise pool, with the config of the run\'s mode', async () => {
    const code = `async function () {
      const [rows] = await connections.shop.execute('SELECT DATABASE() AS db, ? + 1 AS two', [1]);
      return { db: rows[0].db, two: rows[0].two, pooled: typeof connections.shop.getConnection === 'function' };
    }`;
    const dev = await run(code, 'dev');
    assert.equal(dev.status, 'ok', JSON.stringify(dev.error));
    assert.deepEqual(dev.result, { db: 'test', two: 2, pooled: true });
    const prod = await run(code, 'prod');
    assert.deepEqual(prod.result, { db: 'mysql', two: 2, pooled: true });
  });

  it('runs a transaction on a connection of its own', async () => {
    const code = `async function () {
      const connection = await connections.shop.getConnection();
      try {
        await connection.beginTransaction();
        await connection.query('CREATE TEMPORARY TABLE ziggy_block (n int)');
        await connection.execute('INSERT INTO ziggy_block VALUES (?), (?)', [1, 2]);
        const [rows] = await connection.query('SELECT SUM(n) AS total FROM ziggy_block');
        await connection.commit();
        return Number(rows[0].total);
      } finally {
        connection.release();
      }
    }`;
    const result = await run(code);
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.equal(result.result, 3);
  });

  it('reports a refused login as the error of the run, without the password', async () => {
    const result = await run("async function () { return connections.locked.query('SELECT 1'); }");
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /Access denied/);
    assert.ok(!JSON.stringify(result).includes(password));
  });
});
