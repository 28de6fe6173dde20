import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { migrations } from '../src/store/postgres/migrations.ts';
import { cleanEnv, expectCode, ziggy } from './support/cli-runs.ts';
import { postgresDatabases } from './support/postgres-databases.ts';
import { startZiggy, type ZiggyProcess } from './support/ziggy-process.ts';

// Real `ziggy serve` processes on a PostgreSQL database made for this file (and dropped after), started without migrating.
const databases = postgresDatabases('ziggy_readiness');
const adminPassword = 'correct horse battery staple';
// The machine's server uses trust auth: the password is ignored there, and must show nowhere.
const urlPassword = `pw-${randomBytes(6).toString('hex')}`;
let root: string;
const running: ZiggyProcess[] = [];

function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = urlPassword;
  return parsed.toString();
}

async function getJson(url: string): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

async function stop(served: ZiggyProcess): Promise<void> {
  served.child.kill('SIGTERM');
  assert.equal(await served.exited, 0, served.stderr());
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-readiness-'));
});
after(async () => {
  for (const served of running) served.child.kill('SIGKILL');
  await databases.dropAll();
  await rm(root, { recursive: true, force: true });
});

test('serve --no-migrate on an empty database: /readyz is 503 naming the pending migrations until `ziggy store migrate` runs, then 200', async () => {
  const storeUrl = withPassword(await databases.fresh('no_migrate'));
  const env = { ZIGGY_STORE_URL: storeUrl, ZIGGY_ADMIN_PASSWORD: adminPassword, ZIGGY_DATA_DIR: path.join(root, 'a') };
  const served = await startZiggy('serve', ['--port', '0', '--no-migrate'], env);
  running.push(served);
  assert.match(served.stderr(), /Not ready: .* run `ziggy store migrate`/);

  const pending = await getJson(`${served.ready}/readyz`);
  assert.equal(pending.status, 503, pending.text);
  assert.equal(pending.body.status, 'not_ready');
  const names = migrations.map(({ version, name }) => `${version}: ${name}`);
  assert.deepEqual(pending.body.store.pending, names);
  assert.equal(
    pending.body.reason,
    `The PostgreSQL store ${pending.body.store.location} has ${names.length} migrations pending (${names.join('; ')}): run \`ziggy store migrate\`.`,
  );
  const health = await getJson(`${served.ready}/healthz`);
  assert.equal(health.status, 200, 'alive while not ready');
  assert.deepEqual(
    { ...health.body.store, location: undefined },
    { kind: 'postgres', location: undefined, reachable: true, schemaVersion: 0, codeVersion: names.length, pending: names },
  );
  assert.match(health.body.store.location, /^postgres:\/\/postgres@127\.0\.0\.1:5432\/ziggy_readiness_/);

  const early = await fetch(`${served.ready}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  const earlyText = await early.text();
  assert.equal(early.status, 503, earlyText);
  assert.equal(JSON.parse(earlyText).error, 'store_not_migrated');
  assert.match(JSON.parse(earlyText).message, /migrations have not all been applied\. Run `ziggy store migrate`/);

  const migrate = await ziggy(['store', 'migrate'], cleanEnv({ ZIGGY_STORE_URL: storeUrl }));
  expectCode(migrate, 0);
  const ready = await getJson(`${served.ready}/readyz`);
  assert.equal(ready.status, 200, ready.text);
  assert.deepEqual([ready.body.status, ready.body.store.schemaVersion, ready.body.store.pending], ['ready', names.length, []]);

  // The first admin waited for the users table; it is created within one readiness poll (2 s) and can sign in.
  const deadline = Date.now() + 10_000;
  while (!/Created the user "admin"/.test(served.stderr()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(served.stderr(), /Created the user "admin" with the password from ZIGGY_ADMIN_PASSWORD/);
  const login = await fetch(`${served.ready}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  assert.equal(login.status, 200);

  for (const text of [pending.text, health.text, earlyText, ready.text, served.stderr(), migrate.stdout, migrate.stderr]) {
    assert.ok(!text.includes(urlPassword), 'the URL password shows nowhere');
  }
  await stop(served);
});

test('ZIGGY_STORE_MIGRATE=manual starts without migrating; another value is refused naming the variable', async () => {
  const storeUrl = await databases.fresh('manual_env');
  const served = await startZiggy('serve', ['--port', '0'], { ZIGGY_STORE_URL: storeUrl, ZIGGY_STORE_MIGRATE: 'manual', ZIGGY_DATA_DIR: path.join(root, 'b') });
  running.push(served);
  assert.equal((await fetch(`${served.ready}/readyz`)).status, 503);
  await stop(served);

  const refused = await ziggy(['--data-dir', path.join(root, 'c'), 'serve', '--port', '0'], cleanEnv({ ZIGGY_STORE_URL: storeUrl, ZIGGY_STORE_MIGRATE: 'later' }));
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /ZIGGY_STORE_MIGRATE must be auto or manual, got "later"/);
});

test('a default start migrates: /readyz is 200 at once', async () => {
  const storeUrl = await databases.fresh('auto');
  const served = await startZiggy('serve', ['--port', '0'], { ZIGGY_STORE_URL: storeUrl, ZIGGY_DATA_DIR: path.join(root, 'd') });
  running.push(served);
  const ready = await getJson(`${served.ready}/readyz`);
  assert.equal(ready.status, 200, ready.text);
  assert.match(served.stderr(), /one-time password/, 'the admin is created at start');
  await stop(served);
});
