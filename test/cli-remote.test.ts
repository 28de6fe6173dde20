import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../src/server/start.ts';
import { cleanEnv, expectCode, expectSameRun, play, ziggy, type Run, type Step } from './support/cli-runs.ts';
import { signIn } from './support/sign-in.ts';
import { freePort } from './support/sockets.ts';
import { postgresSource } from './support/temp-services.ts';

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
    const broken = await file('broken.js', "{\n  host: '127.0.0.1' port: 5432\n}\n");
    const invalid = await file('invalid.js', "{\n  host: '127.0.0.1',\n  port: 'not a port'\n}\n");
    const dev = await file('warehouse.dev.js', postgresSource({ database: 'test' }));
    const prod = await file('warehouse.prod.js', postgresSource({ database: 'postgres' }));
    const literal = await file('literal.js', postgresSource().replace('secrets.PG_PASSWORD', "'plain-text'"));
    const scenario: Step[] = [
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
    const [local, onServer] = await Promise.all([
      play(scenario, (step) => ziggy(['--data-dir', localDataDir, ...step.args], cleanEnv(), step.input)),
      play(scenario, (step) => remote(step.args, step.input)),
    ]);
    const actors = ['cli:tester', 'token:eddie/cli', 'user:eddie'];
    scenario.forEach((step, index) => expectSameRun(step, local[index] as Run, onServer[index] as Run, actors));
    // The comparison means something only if the runs did what the local tests expect of them.
    const output = (args: string) => onServer[scenario.findIndex((step) => step.args.join(' ') === args)] as Run;
    assert.match(output('connections test crm-dev --mode prod').stdout, /^\(prod has no config of its own — tested the dev config\)$/m);
    assert.match(output('connections test warehouse --mode PROD').stdout, /serverVersion: \d+/);
    assert.match(output('connections test --type postgres --file -').stdout, /^field: port/m);
    assert.match(output(`connections create broken --type postgres --dev-file ${broken}`).stderr, /^2 \|   host: '127\.0\.0\.1' port: 5432$/m);
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
    assert.deepEqual(json.user, { username: 'eddie', roles: { dev: 'editor', prod: 'editor' } });
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
    const port = await freePort();
    const down = await ziggy(['--server', `http://127.0.0.1:${port}`, 'connections', 'list'], cleanEnv({ ZIGGY_TOKEN: editorToken }));
    expectCode(down, 1);
    assert.equal(down.stderr, `error: Cannot reach the Ziggy server at http://127.0.0.1:${port}: connection refused.\n`);
  });

  test('a viewer token can read but not create', async () => {
    expectCode(await remote(['connections', 'list'], '', viewerToken), 0);
    const dev = await file('viewer.dev.js', postgresSource());
    const refused = await remote(['connections', 'create', 'nope', '--type', 'postgres', '--dev-file', dev], '', viewerToken);
    expectCode(refused, 2);
    assert.equal(refused.stderr, 'error: This needs the "write" permission in every mode, which your roles (viewer) do not give.\n');
    const json = await remote(['--json', 'connections', 'create', 'nope', '--type', 'postgres', '--dev-file', dev], '', viewerToken);
    assert.equal((JSON.parse(json.stderr) as { error: string }).error, 'forbidden');
  });
});
