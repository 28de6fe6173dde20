import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startPostgres, type TestPostgres } from './postgres-server.ts';
import { startZiggy, type ZiggyProcess } from './support/ziggy-process.ts';

// A `ziggy serve` on a private PostgreSQL (with a password) that the test restarts under a stream of writes.
let postgres: TestPostgres;
let server: ZiggyProcess;
let root = '';
const adminPassword = `pw-${randomBytes(9).toString('hex')}`;
let cookie = '';
let csrfToken = '';

before(async () => {
  postgres = await startPostgres();
  root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-restart-'));
  const url = `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@127.0.0.1:${postgres.port}/${postgres.database}`;
  server = await startZiggy('serve', ['--port', '0'], {
    ZIGGY_STORE_URL: url,
    ZIGGY_DATA_DIR: path.join(root, 'data'),
    ZIGGY_ADMIN_PASSWORD: adminPassword,
  });
  const login = await fetch(`${server.ready}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  assert.equal(login.status, 200);
  cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  csrfToken = ((await login.json()) as { csrfToken: string }).csrfToken;
});
after(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  await postgres?.stop();
  await rm(root, { recursive: true, force: true });
});

async function call(method: string, urlPath: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.ready}${urlPath}`, {
    method,
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

test('PostgreSQL restarting under writes: requests in the gap fail with a clear 503, the server reconnects by itself, and every acknowledged write is kept', async () => {
  const acknowledged: string[] = [];
  const failures: Array<{ status: number; text: string }> = [];
  let restarted = false;
  let afterRestart = 0;
  for (let index = 0; afterRestart < 20; index++) {
    const name = `WRITE_${index}`;
    const reply = await call('PUT', `/api/secrets/${name}`, { value: `value-${index}` });
    if (reply.status === 200) {
      acknowledged.push(name);
      if (restarted) afterRestart++;
    } else {
      failures.push(reply);
      assert.ok(restarted || index >= 10, `a write failed before the restart: ${reply.status} ${reply.text}`);
    }
    if (index === 10) {
      // Not awaited: writes go on while the server is down and coming back.
      void postgres.restart().then(() => (restarted = true));
    }
    if (index > 10 && !restarted) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(index < 5000, 'the server never came back to writing');
  }
  assert.ok(failures.length > 0, 'some writes met the restart');
  for (const failure of failures) {
    assert.equal(failure.status, 503, failure.text);
    const body = JSON.parse(failure.text) as { error: string; message: string };
    assert.equal(body.error, 'store_unavailable');
    assert.match(body.message, /PostgreSQL store could not be reached/);
    assert.ok(!failure.text.includes(postgres.password), 'the store password never appears');
  }
  const listed = await call('GET', '/api/secrets');
  assert.equal(listed.status, 200, listed.text);
  const names = new Set((JSON.parse(listed.text) as { secrets: Array<{ name: string }> }).secrets.map((secret) => secret.name));
  assert.deepEqual(acknowledged.filter((name) => !names.has(name)), []);
  assert.equal(server.child.exitCode, null, 'the server process kept running');
});
