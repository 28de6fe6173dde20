import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/server/start.ts';
import { postgresSource } from './support/temp-services.ts';

const bin = fileURLToPath(new URL('../bin/ziggy.js', import.meta.url));

type Run = { code: number; stdout: string; stderr: string };
type Step = { args: string[]; input?: string };

/** The environment of a fresh user, without any Ziggy variable the developer may have set. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, USER: 'tester' };
  for (const name of ['ZIGGY_MASTER_KEY', 'ZIGGY_DATA_DIR', 'ZIGGY_DEBUG', 'ZIGGY_SERVER', 'ZIGGY_TOKEN']) delete env[name];
  return { ...env, ...extra };
}

/** Runs the real `ziggy` launcher as a user would, with stdin piped from `input`. */
function ziggy(args: string[], env: Record<string, string | undefined>, input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

function expectCode(run: Run, code: number): void {
  assert.equal(run.code, code, `exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

/**
 * What may legitimately differ between a local run and a run on a server: times, durations,
 * who made a change (the shell user locally, the token's user on the server), the column
 * widths that follow from those, and the key order of JSON (the server serializes by schema).
 */
function normalise(text: string, actors: readonly string[]): string {
  const json = parseJson(text);
  let result = (json === undefined ? text : JSON.stringify(sortKeys(json), null, 2) + '\n')
    .replace(/"durationMs": \d+/g, '"durationMs": 0')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, '<time>')
    .replace(/\b\d+ ms\b/g, '<n> ms');
  for (const actor of actors) result = result.replaceAll(actor, '<actor>');
  // Column widths follow the longest cell; only the text of each cell is compared.
  return result.replace(/(\S) {2,}/g, '$1  ');
}

function parseJson(text: string): unknown {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, sortKeys(item)]));
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ziggy CLI on a server (--server, ZIGGY_TOKEN)', () => {
  let root: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let editorToken: string;
  let viewerToken: string;
  const devPassword = `canary-dev-${randomUUID()}`;
  const prodPassword = `canary-prod-${randomUUID()}`;
  const adminPassword = `admin-${randomUUID()}`;
  const logLines: string[] = [];
  const file = async (name: string, text: string): Promise<string> => {
    const full = path.join(root, name);
    await writeFile(full, text);
    return full;
  };
  const remote = (args: string[], input?: string, token = editorToken): Promise<Run> =>
    ziggy(['--server', server.url, ...args], cleanEnv({ ZIGGY_TOKEN: token }), input);

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-remote-'));
    server = await startServer({
      dataDir: path.join(root, 'server-data'),
      host: '127.0.0.1',
      port: 0,
      env: { ZIGGY_ADMIN_PASSWORD: adminPassword },
      logger: { destination: { write: (line: string) => void logLines.push(line) } },
    });
    const admin = await signIn(server.url, 'admin', adminPassword);
    for (const [username, role] of [['eddie', 'editor'], ['vera', 'viewer']] as const) {
      await admin('POST', '/api/users', { username, password: `${username}-${adminPassword}`, role });
    }
    editorToken = ((await admin('POST', '/api/tokens', { name: 'cli', username: 'eddie' })) as { token: string }).token;
    viewerToken = ((await admin('POST', '/api/tokens', { name: 'cli', username: 'vera' })) as { token: string }).token;
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  test('the local CLI scenario gives the same output and exit codes on the server', async () => {
    const broken = await file('broken.js', "{\n  host: '127.0.0.1'\n  port: 5432\n}\n");
    const invalid = await file('invalid.js', "{\n  host: '127.0.0.1',\n  port: 'not a port'\n}\n");
    const dev = await file('warehouse.dev.js', postgresSource({ database: 'test' }));
    const prod = await file('warehouse.prod.js', postgresSource({ database: 'postgres' }));
    const literal = await file('literal.js', postgresSource().replace('secrets.PG_PASSWORD', "'plain-text'"));
    const scenario: Array<Step & { code: number }> = [
      { args: ['secrets', 'set', 'PG_PASSWORD', '--tags', 'db,local'], input: `${devPassword}\n`, code: 0 },
      { args: ['secrets', 'set', 'PG_PASSWORD', '--prod'], input: `${prodPassword}\n`, code: 0 },
      { args: ['secrets', 'set', 'EMPTY'], code: 2 },
      { args: ['secrets', 'update', 'PG_PASSWORD', '--description', 'Local Postgres', '--tags', 'db, pg'], code: 0 },
      { args: ['secrets', 'update', 'PG_PASSWORD'], code: 2 },
      { args: ['secrets', 'update', 'NOPE', '--tags', 'x'], code: 2 },
      { args: ['secrets', 'list'], code: 0 },
      { args: ['secrets', 'show', 'PG_PASSWORD'], code: 0 },
      { args: ['connections', 'create', 'broken', '--type', 'postgres', '--dev-file', broken], code: 2 },
      { args: ['connections', 'create', 'invalid', '--type', 'postgres', '--dev-file', invalid], code: 2 },
      { args: ['connections', 'create', 'warehouse', '--type', 'postgres', '--dev-file', dev, '--prod-file', prod, '--tags', 'sql'], code: 0 },
      { args: ['connections', 'test', 'warehouse', '--mode', 'dev'], code: 0 },
      { args: ['connections', 'test', 'warehouse', '--mode', 'PROD'], code: 0 },
      { args: ['connections', 'create', 'crm-dev', '--type', 'postgres', '--dev-file', '-'], input: postgresSource(), code: 0 },
      { args: ['connections', 'test', 'crm-dev', '--mode', 'prod'], code: 0 },
      { args: ['connections', 'create', 'literal', '--type', 'postgres', '--dev-file', literal], code: 0 },
      { args: ['connections', 'delete', 'literal'], code: 0 },
      { args: ['connections', 'test', '--type', 'postgres', '--file', '-'], input: postgresSource({ port: 1 }), code: 1 },
      { args: ['connections', 'update', 'warehouse', '--description', 'Main warehouse', '--version', '1'], code: 0 },
      { args: ['connections', 'update', 'warehouse', '--description', 'Other', '--version', '1'], code: 2 },
      { args: ['connections', 'restore', 'warehouse', '1'], code: 0 },
      { args: ['connections', 'restore', 'warehouse', '9'], code: 2 },
      { args: ['connections', 'history', 'warehouse'], code: 0 },
      { args: ['connections', 'list'], code: 0 },
      { args: ['connections', 'show', 'crm-dev'], code: 0 },
      { args: ['connections', 'show', 'warehouse', '--json'], code: 0 },
      { args: ['--json', 'connections', 'list'], code: 0 },
      { args: ['--json', 'connections', 'test', 'crm-dev', '--mode', 'prod'], code: 0 },
      { args: ['--json', 'connections', 'show', 'nope'], code: 2 },
      { args: ['secrets', 'list', '--json'], code: 0 },
      { args: ['types'], code: 0 },
      { args: ['types', '--json'], code: 0 },
      { args: ['secrets', 'delete', 'PG_PASSWORD'], code: 2 },
      { args: ['secrets', 'delete', 'PG_PASSWORD', '--force'], code: 0 },
      { args: ['connections', 'delete', 'crm-dev'], code: 0 },
      { args: ['connections', 'show', 'crm-dev'], code: 2 },
    ];
    const localDataDir = path.join(root, 'local-data');
    const play = async (run: (step: Step) => Promise<Run>): Promise<Run[]> => {
      const runs: Run[] = [];
      for (const step of scenario) runs.push(await run(step));
      return runs;
    };
    const [local, onServer] = await Promise.all([
      play((step) => ziggy(['--data-dir', localDataDir, ...step.args], cleanEnv(), step.input)),
      play((step) => remote(step.args, step.input)),
    ]);
    const actors = ['cli:tester', 'token:eddie/cli', 'user:eddie'];
    scenario.forEach((step, index) => {
      const [here, there] = [local[index], onServer[index]] as [Run, Run];
      const what = `ziggy ${step.args.join(' ')}`;
      expectCode(here, step.code);
      expectCode(there, step.code);
      assert.equal(normalise(there.stdout, actors), normalise(here.stdout, actors), `stdout of ${what}`);
      assert.equal(normalise(there.stderr, actors), normalise(here.stderr, actors), `stderr of ${what}`);
    });
    // The comparison means something only if the runs did what the local tests expect of them.
    const output = (args: string) => onServer[scenario.findIndex((step) => step.args.join(' ') === args)] as Run;
    assert.match(output('connections test crm-dev --mode prod').stdout, /^\(prod has no config of its own — tested the dev config\)$/m);
    assert.match(output('connections test warehouse --mode PROD').stdout, /serverVersion: \d+/);
    assert.match(output('connections test --type postgres --file -').stdout, /^field: port/m);
    assert.match(output(`connections create broken --type postgres --dev-file ${broken}`).stderr, /^2 \|   host: '127\.0\.0\.1'$/m);
    assert.match(output('connections update warehouse --description Other --version 1').stderr, /current version is 2/);
    assert.match(output('connections history warehouse').stdout, /^1 +create .* token:eddie\/cli/m);
    assert.match(output('secrets delete PG_PASSWORD').stderr, /^error: .*"crm-dev", "warehouse"/);
    // Neither the output nor the server's log shows a secret value or the token.
    assert.ok(logLines.length > 0, 'the server logged nothing to check');
    for (const text of [...onServer.flatMap((run) => [run.stdout, run.stderr]), ...logLines]) {
      for (const value of [devPassword, prodPassword, editorToken]) assert.ok(!text.includes(value), `a secret in: ${text}`);
    }
  });

  test('start names the server and the token\'s user', async () => {
    const run = await remote(['start']);
    expectCode(run, 0);
    assert.match(run.stdout, new RegExp(`^server: +${server.url.replace(/[.]/g, '\\.')}$`, 'm'));
    assert.match(run.stdout, /^signed in as: +eddie \(editor, by token\)$/m);
    assert.match(run.stdout, /^connections: +\d+$/m);
    assert.match(run.stdout, /^connection types: +.*postgres/m);
    assert.doesNotMatch(run.stdout.split('Next steps')[0] ?? '', /master key|data dir/);
    const json = JSON.parse((await remote(['--json', 'start'])).stdout) as Record<string, unknown>;
    assert.deepEqual(json.user, { username: 'eddie', role: 'editor' });
    assert.equal(json.server, server.url);
  });

  test('ZIGGY_SERVER works like --server', async () => {
    const run = await ziggy(['types'], cleanEnv({ ZIGGY_SERVER: server.url, ZIGGY_TOKEN: editorToken }));
    expectCode(run, 0);
    assert.match(run.stdout, /^postgres — Postgres$/m);
  });

  test('a missing or refused token, --data-dir with a server, and an unreachable server are one clear line each', async () => {
    const missing = await ziggy(['--server', server.url, 'connections', 'list'], cleanEnv());
    expectCode(missing, 2);
    assert.equal(missing.stderr, `error: ZIGGY_TOKEN is not set: the server ${server.url} needs an API token. Create one in the web UI or with POST /api/tokens, then export ZIGGY_TOKEN.\n`);
    const wrong = await remote(['connections', 'list'], '', 'not-a-token');
    expectCode(wrong, 2);
    assert.equal(wrong.stderr, 'error: The server refused the token (ZIGGY_TOKEN): it is missing, expired or revoked.\n');
    const both = await ziggy(['--data-dir', root, 'secrets', 'list'], cleanEnv({ ZIGGY_SERVER: server.url, ZIGGY_TOKEN: editorToken }));
    expectCode(both, 2);
    assert.match(both.stderr, /^error: Give either --data-dir or a server \(ZIGGY_SERVER\), not both/);
    const port = await closedPort();
    const down = await ziggy(['--server', `http://127.0.0.1:${port}`, 'connections', 'list'], cleanEnv({ ZIGGY_TOKEN: editorToken }));
    expectCode(down, 1);
    assert.equal(down.stderr, `error: Cannot reach the Ziggy server at http://127.0.0.1:${port}: connection refused.\n`);
  });

  test('a viewer token can read but not create', async () => {
    expectCode(await remote(['connections', 'list'], '', viewerToken), 0);
    const dev = await file('viewer.dev.js', postgresSource());
    const refused = await remote(['connections', 'create', 'nope', '--type', 'postgres', '--dev-file', dev], '', viewerToken);
    expectCode(refused, 2);
    assert.equal(refused.stderr, 'error: This needs the "write" permission, which the role "viewer" does not have.\n');
    const json = await remote(['--json', 'connections', 'create', 'nope', '--type', 'postgres', '--dev-file', dev], '', viewerToken);
    assert.equal((JSON.parse(json.stderr) as { error: string }).error, 'forbidden');
  });
});

/** Signs in over HTTP as a browser would, returning a caller that sends the session cookie and CSRF token. */
async function signIn(url: string, username: string, password: string): Promise<(method: string, path: string, body?: unknown) => Promise<unknown>> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
}
