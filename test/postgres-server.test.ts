import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, type TestPostgres } from './postgres-server.ts';
import { isRunning } from './support/processes.ts';

let server: TestPostgres;

before(async (context) => {
  const started = performance.now();
  server = await startPostgres();
  context.diagnostic(`startPostgres took ${Math.round(performance.now() - started)} ms`);
});

after(async () => {
  await server.stop();
});

async function connect(password: string): Promise<string> {
  const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password, database: server.database });
  await client.connect();
  try {
    const { rows } = await client.query<{ method: string }>("SELECT current_setting('password_encryption') AS method");
    return rows[0]?.method ?? '';
  } finally {
    await client.end();
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The postmaster (its command line names the data dir) and every process it started. */
function clusterProcesses(dataDir: string): number[] {
  const parents = new Map<number, number>();
  const postmasters: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrEmpty(`/proc/${entry}/stat`);
    parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    if (readOrEmpty(`/proc/${entry}/cmdline`).split('\0').includes(dataDir)) postmasters.push(Number(entry));
  }
  return [...parents.keys()].filter((pid) => postmasters.includes(pid) || postmasters.includes(parents.get(pid) ?? -1));
}

test('the right password logs in over TCP, and the cluster stores scram-sha-256 verifiers', async () => {
  assert.equal(await connect(server.password), 'scram-sha-256');
});

test('a wrong password is refused by the server with SQLSTATE 28P01', async () => {
  await assert.rejects(connect(`${server.password}x`), (error: pg.DatabaseError) => {
    assert.equal(error.code, '28P01');
    assert.match(error.message, /password authentication failed for user "postgres"/);
    return true;
  });
});

test('stop leaves no process of the cluster and no files, and is safe to call twice', async () => {
  const other = await startPostgres();
  const postmasterPid = Number(readFileSync(path.join(other.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const running = clusterProcesses(other.dataDir);
  assert.ok(running.includes(postmasterPid), `postmaster ${postmasterPid} not among ${running.join(', ')}`);
  assert.ok(running.length > 1, 'the postmaster has started its background processes');

  await other.stop();
  await other.stop();
  assert.deepEqual(running.filter(isRunning), []);
  assert.deepEqual(clusterProcesses(other.dataDir), []);
  assert.equal(existsSync(path.dirname(other.dataDir)), false);
  const client = new pg.Client({ host: other.host, port: other.port, user: other.user, password: other.password, database: other.database });
  await assert.rejects(client.connect(), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');
});
