import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fillInstallation, storeContents, type Installation } from '../../../test/support/installation.ts';
import { rejectsWith } from '../contract/helpers.ts';
import { openServices, type OpenedServices } from '../../service/index.ts';
import { openDatabase } from '../sqlite/database.ts';
import { applyMigrations } from '../sqlite/migrate.ts';
import { migrations } from '../sqlite/migrations.ts';
import { postgresDatabases, postgresQuery } from '../../../test/support/postgres-databases.ts';
import { copyStore, type StoreCopy } from './copy.ts';
import { parseStoreLocation } from './locations.ts';
import { copiedTables } from './tables.ts';

const databases = postgresDatabases('ziggy_copy_test');
const freshDatabase = databases.fresh;
const query = postgresQuery;
const masterKey = randomBytes(32).toString('base64');
let root: string;

/** Services on a data dir that holds no master.key: the key comes from the environment only. */
function servicesOn(dataDir: string, storeUrl?: string): Promise<OpenedServices> {
  const env = { ZIGGY_MASTER_KEY: masterKey, ZIGGY_BLOCK_ISOLATION: 'permission-only' };
  return openServices(storeUrl === undefined ? { dataDir, env } : { dataDir, env, storeUrl });
}

const copy = async (from: string, to: string, batchSize?: number): Promise<StoreCopy> =>
  copyStore({ from: parseStoreLocation(from, '--from'), to: parseStoreLocation(to, '--to'), ...(batchSize === undefined ? {} : { batchSize }) });

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-copy-'));
});
after(async () => {
  await databases.dropAll();
  await rm(root, { recursive: true, force: true });
});

describe('ziggy store copy', () => {
  let sourceDir: string;
  let installation: Installation;
  let original: Record<string, unknown>;
  let targetUrl: string;
  let copied: StoreCopy;

  before(async () => {
    sourceDir = path.join(root, 'source');
    const services = await servicesOn(sourceDir);
    try {
      installation = await fillInstallation(services);
      original = await storeContents(services.store);
    } finally {
      await services.close();
    }
    assert.ok(!(await readdir(sourceDir)).includes('master.key'), 'the key is in the environment only');
    targetUrl = await freshDatabase('main');
    // A batch smaller than some tables, so batches follow each other.
    copied = await copy(`sqlite:${sourceDir}`, targetUrl, 3);
  });

  it('copies every table from SQLite to PostgreSQL and reports matching counts', () => {
    assert.deepEqual(copied.tables.map((table) => table.table), copiedTables.map((table) => table.name));
    for (const table of copied.tables) assert.equal(table.target, table.source, table.table);
    const count = (name: string) => copied.tables.find((table) => table.table === name)?.source;
    assert.deepEqual(
      [count('connections'), count('connection_revisions'), count('secrets'), count('users'), count('api_tokens'), count('sessions'), count('blocks'), count('runs')],
      [2, 5, 1, 2, 2, 1, 1, installation.runs],
    );
    assert.ok((count('audit_log') ?? 0) > 10);
    assert.equal(copied.to, targetUrl);
  });

  it('keeps every record as it was: ids, times, revisions, ciphertexts, hashes, run order and the audit log', async () => {
    const services = await servicesOn(path.join(root, 'reader'), targetUrl);
    try {
      assert.deepEqual(await storeContents(services.store), original);
    } finally {
      await services.close();
    }
  });

  it('opened with the same master key, the copy decrypts the secret, logs the user in and accepts the token and session', async () => {
    const services = await servicesOn(path.join(root, 'server'), targetUrl);
    try {
      assert.equal(await services.secretValues.value(installation.secretName, 'dev'), installation.devValue);
      assert.equal(await services.secretValues.value(installation.secretName, 'prod'), installation.prodValue);
      const history = await services.connections.history(installation.connection);
      assert.deepEqual(history.map((revision) => [revision.revision, revision.action, revision.restoredFrom ?? null]), [
        [4, 'restore', 1], [3, 'update', null], [2, 'update', null], [1, 'create', null],
      ]);
      const login = await services.auth.login(installation.username, installation.password, '127.0.0.1');
      assert.equal(login.user.username, installation.username);
      assert.equal((await services.auth.token(installation.token))?.username, installation.username);
      assert.equal((await services.auth.session(installation.sessionId))?.principal.username, installation.username);
      assert.equal((await services.settings.get()).defaultMode, 'prod');
    } finally {
      await services.close();
    }
  });

  it('moves the audit id counter past the copied ids, so new entries do not collide', async () => {
    const services = await servicesOn(path.join(root, 'writer'), targetUrl);
    try {
      const highest = Math.max(...(await services.store.audit.list({ limit: 1000 })).map((entry) => entry.id));
      await services.secrets.set({ name: 'NEW_KEY', value: 'another value', mode: 'dev' }, 'cli:tester');
      const [newest] = await services.store.audit.list({ limit: 1 });
      assert.equal(newest?.id, highest + 1);
    } finally {
      await services.close();
    }
  });

  it('copies PostgreSQL back to SQLite from the same code, giving the same records', async () => {
    const back = path.join(root, 'back');
    const pgSource = await freshDatabase('roundtrip');
    await copy(`sqlite:${sourceDir}`, pgSource);
    const report = await copy(pgSource, `sqlite:${back}`, 2);
    for (const table of report.tables) assert.equal(table.target, table.source, table.table);
    const services = await servicesOn(back);
    try {
      assert.deepEqual(await storeContents(services.store), original);
      assert.equal(await services.secretValues.value(installation.secretName, 'prod'), installation.prodValue);
      const highest = Math.max(...(await services.store.audit.list({ limit: 1000 })).map((entry) => entry.id));
      await services.settings.update({ defaultMode: 'dev' }, 'cli:tester');
      assert.equal((await services.store.audit.list({ limit: 1 }))[0]?.id, highest + 1);
    } finally {
      await services.close();
    }
  });

  it('reports no secret value, password or token', () => {
    const report = JSON.stringify(copied);
    for (const value of [installation.devValue, installation.prodValue, installation.password, installation.token]) {
      assert.ok(!report.includes(value));
    }
  });

  it('refuses a target that already holds data, naming it and what it holds, and leaves it as it was', async () => {
    // Since the copy, the tests above logged in once and set a secret: one more session, one more secret, two audit entries.
    const auditCopied = copied.tables.find((table) => table.table === 'audit_log')?.target ?? 0;
    await rejectsWith(
      copy(`sqlite:${sourceDir}`, targetUrl),
      'bad_input',
      `--to ${targetUrl} already holds data (2 connections, 5 connection_revisions, 1 connection_test_status, 2 secrets, ` +
        `2 users, 2 api_tokens, 2 sessions, 1 settings, 1 blocks, ${installation.runs} runs, ${auditCopied + 2} audit_log): ` +
        'a store is copied only into an empty one. Give a new database or data dir.',
    );
    const audit = await query(targetUrl, 'SELECT count(*)::integer AS n FROM audit_log');
    assert.equal(audit.rows[0]?.n, auditCopied + 2);
  });

  it('refuses a source at another schema version, telling to migrate it, without touching the target', async () => {
    const file = path.join(root, 'old', 'ziggy.db');
    const old = openDatabase({ file, busyTimeoutMs: 1000 });
    applyMigrations(old, file, migrations.slice(0, 3));
    old.close();
    const target = path.join(root, 'untouched');
    await rejectsWith(
      copy(`sqlite:${file}`, `sqlite:${target}`),
      'bad_input',
      `--from sqlite:${file} has schema version 3, but this Ziggy writes version ${migrations.at(-1)?.version}: ` +
        'run `ziggy store migrate` on it first, then copy.',
    );
    assert.equal(existsSync(target), false);
  });

  it('refuses a missing source, a store that is no Ziggy store, the same store twice and an unknown location', async () => {
    const missing = path.join(root, 'missing');
    await rejectsWith(copy(`sqlite:${missing}`, `sqlite:${path.join(root, 'x')}`), 'bad_input',
      `--from sqlite:${path.join(missing, 'ziggy.db')} does not exist: there is no SQLite store to copy there.`);
    const empty = await freshDatabase('not_ziggy');
    await rejectsWith(copy(empty, `sqlite:${path.join(root, 'x')}`), 'bad_input', `--from ${empty} holds no Ziggy store (it records no schema version).`);
    await rejectsWith(copy(targetUrl, targetUrl), 'bad_input', `--from and --to are the same store (${targetUrl}).`);
    await rejectsWith(copy('mysql://root:hunter2@db/ziggy', targetUrl), 'bad_input',
      '--from must be sqlite:<data dir> (or sqlite:<file>.db) or a postgres:// URL, got mysql://root@db/ziggy.');
  });

  it('names an unreachable target without its password', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    await assert.rejects(copy(`sqlite:${sourceDir}`, `postgres://ziggy:${password}@127.0.0.1:1/ziggy`), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /^The PostgreSQL store in --to \(postgres:\/\/ziggy@127\.0\.0\.1:1\/ziggy\) could not be opened: /);
      assert.ok(!error.message.includes(password) && !JSON.stringify(error).includes(password));
      return true;
    });
  });
});
