import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ziggy.js', import.meta.url));

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  stdout: () => string;
  /** The exit code, or the signal that ended the process. */
  exited: Promise<number | string | null>;
}

/** Runs `ziggy serve` as a user would and waits for it to say where it listens. */
async function serve(args: string[], env: Record<string, string | undefined> = {}): Promise<Served> {
  const cleanEnv = { ...process.env, ...env };
  for (const name of ['ZIGGY_MASTER_KEY', 'ZIGGY_DATA_DIR', 'ZIGGY_ADMIN_PASSWORD', 'ZIGGY_HOST', 'ZIGGY_PORT']) {
    if (!(name in env)) delete cleanEnv[name];
  }
  const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (found) resolve(found);
    });
    void exited.then((code) => reject(new Error(`ziggy serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, stdout: () => stdout, exited };
}

describe('ziggy serve', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-serve-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('prints the one-time admin password on the console only, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = path.join(root, 'data');
    const logFile = path.join(root, 'logs', 'server.log');
    const first = await serve(['--data-dir', dataDir, 'serve', '--port', '0', '--log-file', logFile]);
    const password = /one-time password: (\S+)/.exec(first.stderr())?.[1];
    assert.ok(password, first.stderr());
    assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${first.url}/healthz`);
    assert.equal(health.status, 200);
    const { store } = (await health.json()) as { store: { kind: string; location: string; reachable: boolean; pending: string[] } };
    assert.deepEqual([store.kind, store.reachable, store.pending], ['sqlite', true, []]);
    assert.equal(store.location, path.join(dataDir, 'ziggy.db'));
    assert.equal((await fetch(`${first.url}/readyz`)).status, 200);
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    assert.equal(login.status, 200);

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.stderr());
    assert.match(first.stderr(), /Stopping/);
    const log = await readFile(logFile, 'utf8');
    assert.match(log, /"url":"\/api\/auth\/login"/);
    assert.ok(!log.includes(password), 'the log file never holds the password');
    assert.equal(first.stdout(), '', 'with --log-file, stdout stays empty');

    const second = await serve(['--data-dir', dataDir, 'serve'], { ZIGGY_PORT: '0' });
    assert.doesNotMatch(second.stderr(), /password/, 'the password is shown only when the admin is created');
    assert.match(second.stdout(), /Server listening/, 'without --log-file the JSON log goes to stdout');
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0, second.stderr());
  });

  test('refuses a port that is not a number', async () => {
    const child = spawn(process.execPath, [bin, '--data-dir', path.join(root, 'other'), 'serve', '--port', 'http'], { env: process.env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /Port "http" is not a port number/);
  });
});
