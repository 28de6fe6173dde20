import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { openServices } from '../src/service/index.ts';
import { cleanEnv, expectCode, ziggy } from './support/cli-runs.ts';
import { fillInstallation } from './support/installation.ts';

// `ziggy store migrate` and `ziggy store copy` on SQLite and on PostgreSQL databases made for this run on the machine's server.
const serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `ziggy_cli_store_${process.pid}_${randomBytes(3).toString('hex')}`;
const copyDatabase = `${database}_copy`;
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
  await admin(`CREATE DATABASE ${copyDatabase}`);
});
after(async () => {
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin(`DROP DATABASE IF EXISTS ${copyDatabase} WITH (FORCE)`);
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

test('store copy moves a SQLite installation into PostgreSQL without the master key, then refuses to copy over it', async () => {
  const masterKey = randomBytes(32).toString('base64');
  const sourceDir = path.join(root, 'copy-source');
  const source = await openServices({ dataDir: sourceDir, env: { ZIGGY_MASTER_KEY: masterKey } });
  const installation = await fillInstallation(source);
  await source.close();
  const url = `postgres://postgres@127.0.0.1:5432/${copyDatabase}`;
  // No ZIGGY_MASTER_KEY and no master.key in the data dir: the copy has no way to decrypt, and needs none.
  const copied = await ziggy(['store', 'copy', '--from', `sqlite:${sourceDir}`, '--to', url], cleanEnv());
  expectCode(copied, 0);
  assert.match(copied.stdout, new RegExp(`^copied sqlite:${sourceDir}/ziggy\\.db to ${url}\ntable +source +target\nconnections +2 +2\n`));
  assert.match(copied.stdout, /\nruns +12 +12\naudit_log +(\d+) +\1\n\d+ rows in \d+ ms; every count matches\n$/);
  for (const value of [installation.devValue, installation.prodValue, installation.password, installation.token]) {
    assert.ok(!copied.stdout.includes(value) && !copied.stderr.includes(value), 'a secret, password or token was printed');
  }

  const target = await openServices({ dataDir: path.join(root, 'copy-target'), env: { ZIGGY_MASTER_KEY: masterKey }, storeUrl: url });
  try {
    assert.equal(await target.secretValues.value(installation.secretName, 'dev'), installation.devValue);
    assert.equal((await target.auth.token(installation.token))?.username, installation.username);
  } finally {
    await target.close();
  }

  const again = await ziggy(['--json', 'store', 'copy', '--from', `sqlite:${sourceDir}`, '--to', url], cleanEnv());
  expectCode(again, 2);
  const refusal = JSON.parse(again.stderr) as { error: string; message: string };
  assert.equal(refusal.error, 'bad_input');
  assert.match(refusal.message, new RegExp(`^--to ${url} already holds data \\(2 connections, `));
});

test('store copy names an unreachable target without its password', async () => {
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const dataDir = path.join(root, 'copy-unreachable');
  expectCode(await ziggy(['--data-dir', dataDir, 'store', 'migrate'], cleanEnv()), 0);
  const down = await ziggy(['store', 'copy', '--from', `sqlite:${dataDir}`, '--to', `postgres://ziggy:${password}@127.0.0.1:1/ziggy`], cleanEnv());
  expectCode(down, 1);
  assert.match(down.stderr, /The PostgreSQL store in --to \(postgres:\/\/ziggy@127\.0\.0\.1:1\/ziggy\) could not be opened/);
  assert.ok(!down.stderr.includes(password) && !down.stdout.includes(password), 'the password shows nowhere');
});
