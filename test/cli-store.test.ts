import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { cleanEnv, expectCode, ziggy } from './support/cli-runs.ts';

// `ziggy store migrate` on the SQLite default and on a PostgreSQL database made for this run on the machine's server.
const serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `ziggy_cli_store_${process.pid}_${randomBytes(3).toString('hex')}`;
let root: string;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-store-'));
  await admin(`CREATE DATABASE ${database}`);
});
after(async () => {
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await rm(root, { recursive: true, force: true });
});

test('on the SQLite default, the first migrate applies the migrations and the second has nothing to do', async () => {
  const dataDir = path.join(root, 'data');
  const first = await ziggy(['--data-dir', dataDir, 'store', 'migrate'], cleanEnv());
  expectCode(first, 0);
  assert.match(first.stdout, /^sqlite store .*ziggy\.db\napplied 1: /);
  const second = await ziggy(['--data-dir', dataDir, '--json', 'store', 'migrate'], cleanEnv());
  expectCode(second, 0);
  assert.deepEqual((JSON.parse(second.stdout) as { applied: unknown[] }).applied, []);
});

test('ZIGGY_STORE_URL migrates PostgreSQL; an unreachable one is refused naming the variable and without its password', async () => {
  const url = `postgres://postgres@127.0.0.1:5432/${database}`;
  const first = await ziggy(['store', 'migrate'], cleanEnv({ ZIGGY_STORE_URL: url }));
  expectCode(first, 0);
  assert.match(first.stdout, /^postgres store postgres:\/\/postgres@127\.0\.0\.1:5432\/ziggy_cli_store_\S+\napplied 1: /);
  const again = await ziggy(['store', 'migrate', '--store', url], cleanEnv());
  expectCode(again, 0);
  assert.match(again.stdout, /up to date/);
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const down = await ziggy(['store', 'migrate'], cleanEnv({ ZIGGY_STORE_URL: `postgres://ziggy:${password}@127.0.0.1:1/ziggy` }));
  assert.notEqual(down.code, 0);
  assert.match(down.stderr, /ZIGGY_STORE_URL/);
  assert.ok(!down.stderr.includes(password) && !down.stdout.includes(password), 'the password shows nowhere');
});
