import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startSshd, type TestSshd } from '../../../test/sshd.ts';
import { createRunnerPool } from './runner-pool.ts';
import { tempLogsDir, testResolvers } from './test-resolvers.ts';
import type { RunnerPool, RunRequest } from './types.ts';

// A name only this file's connections use, to count their backends in pg_stat_activity.
const applicationName = `ziggy-runner-${randomBytes(4).toString('hex')}`;
const postgresDev = { host: '127.0.0.1', user: 'postgres', database: 'test', application_name: applicationName };
const postgresProd = { ...postgresDev, database: 'postgres' };

let sshd: TestSshd;
let prodSshd: TestSshd;
let logsDir: string;
let pool: RunnerPool;
let resolution: ReturnType<typeof testResolvers>;
const observer = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'postgres', max: 1 });

before(async () => {
  sshd = await startSshd();
  prodSshd = await startSshd();
  await writeFile(path.join(sshd.homeDir, 'hello.txt'), 'hello from sftp');
  await writeFile(path.join(prodSshd.homeDir, 'prod-only.txt'), 'hello from the prod server');
  logsDir = await tempLogsDir();
  resolution = testResolvers({
    db: { type: 'postgres', dev: postgresDev, prod: postgresProd },
    'crm-prod': { type: 'postgres', dev: postgresDev },
    files: {
      type: 'sftp',
      dev: { host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, hostKeySha256: sshd.hostKeySha256 },
      // Another server, user and way to log in: prod must not reach the dev server by accident.
      prod: {
        host: prodSshd.host,
        port: String(prodSshd.port),
        username: prodSshd.username,
        privateKey: prodSshd.privateKey,
        hostKeySha256: prodSshd.hostKeySha256,
      },
    },
  });
  // One runner, so consecutive runs are known to share it.
  pool = createRunnerPool({ size: 1, logsDir, ...resolution.resolvers });
});

after(async () => {
  await pool.close();
  await observer.end();
  await sshd.stop();
  await prodSshd.stop();
  await rm(logsDir, { recursive: true, force: true });
});

async function run(code: string, mode: RunRequest['mode'] = 'dev', inputs: unknown[] = []) {
  const result = await pool.run({ code, inputs, mode, author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });
  return result;
}

async function ok(code: string, mode: RunRequest['mode'] = 'dev', inputs: unknown[] = []): Promise<unknown> {
  const result = await run(code, mode, inputs);
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  return result.result;
}

describe('connections in a block', () => {
  it('reads Postgres through connections.db with the config of the run\'s mode', async () => {
    const code = `async function () {
      const { rows } = await connections.db.query('select current_database() as name');
      return rows[0].name;
    }`;
    resolution.asked.connections.length = 0;
    assert.equal(await ok(code, 'dev'), 'test');
    assert.equal(await ok(code, 'prod'), 'postgres');
    // Only what the code names, only in the run's mode.
    assert.deepEqual(resolution.asked.connections, ['dev:db', 'prod:db']);
  });

  it('reuses the runner\'s client on a warm run instead of opening a new database connection', async () => {
    const code = `async function () {
      const { rows } = await connections.db.query('select pg_backend_pid() as pid');
      return { pid: rows[0].pid, open: connections.db.totalCount };
    }`;
    const first = (await ok(code)) as { pid: number; open: number };
    const second = (await ok(code)) as { pid: number; open: number };
    assert.equal(second.pid, first.pid);
    assert.equal(second.open, 1);
    const { rows } = await observer.query('select count(*)::int as n from pg_stat_activity where application_name = $1 and datname = $2', [applicationName, 'test']);
    assert.equal(rows[0].n, 1);
  });

  it('lets `await connections.db` give the client itself', async () => {
    assert.equal(await ok('async function () { return (await connections.db) === connections.db; }'), true);
  });

  it('reaches a connection named with a dash as connections.crm_prod and connections.get(\'crm-prod\')', async () => {
    const code = `async function () {
      const viaGet = await connections.get('crm-prod');
      return viaGet === connections.crm_prod && typeof viaGet.query === 'function';
    }`;
    assert.equal(await ok(code), true);
  });

  it('asks the parent for a connection whose name is computed at run time', async () => {
    resolution.asked.connections.length = 0;
    const code = `async function (name) {
      const client = await connections.get(name);
      return (await client.query('select 1 as one')).rows[0].one;
    }`;
    assert.equal(await ok(code, 'prod', ['db']), 1);
    assert.deepEqual(resolution.asked.connections, ['prod:db']);
  });

  it('reports a connection that does not exist when the block uses it', async () => {
    const missing = await run("async function () { return await connections.get('nope'); }");
    assert.equal(missing.status, 'error');
    assert.equal(missing.error?.message, 'Connection "nope" does not exist.');
    // Named but never touched: the run is not failed for it.
    assert.equal(await ok('async function (use) { return use ? connections.missing : "fine"; }', 'dev', [false]), 'fine');
    const touched = await run('async function () { return connections.missing.query("select 1"); }');
    assert.equal(touched.error?.message, 'Connection "missing" does not exist.');
  });

  it('explains that a computed name needs connections.get', async () => {
    const result = await run('async function (name) { return connections[name]; }', 'dev', ['db']);
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /Connection "db" was not prepared for this run.*connections\.get\(name\)/);
  });

  it('lists an SFTP directory through connections.files', async () => {
    const code = `async function () {
      const entries = await connections.files.list('.');
      const text = (await connections.files.get('hello.txt')).toString();
      return { names: entries.map((entry) => entry.name), text };
    }`;
    const result = (await ok(code)) as { names: string[]; text: string };
    assert.ok(result.names.includes('hello.txt'), result.names.join(', '));
    assert.equal(result.text, 'hello from sftp');
  });

  it('reaches the SFTP server of the run\'s mode', async () => {
    const code = `async function () {
      return (await connections.files.list('.')).map((entry) => entry.name);
    }`;
    const dev = (await ok(code, 'dev')) as string[];
    const prod = (await ok(code, 'prod')) as string[];
    assert.ok(dev.includes('hello.txt') && !dev.includes('prod-only.txt'), dev.join(', '));
    assert.ok(prod.includes('prod-only.txt') && !prod.includes('hello.txt'), prod.join(', '));
  });
});
