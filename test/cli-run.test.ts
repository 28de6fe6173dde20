import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../src/server/start.ts';
import { openServices, type OpenedServices } from '../src/service/index.ts';
import { cleanEnv, expectCode, expectSameRun, play, ziggy, type Run, type Step } from './support/cli-runs.ts';
import { postgresSource } from './support/temp-services.ts';

/** Queries the connection `db`, whose dev and prod configs name different databases, and routes its input. */
const queryBlock = `async function (label) {
  const { rows } = await connections.db.query('select current_database() as name, $1::text as label', [String(label)]);
  console.log('database is', rows[0].name);
  console.warn('label', rows[0].label);
  branchTo(1, { label });
  return rows[0];
}
`;

const throwingBlock = `async function () {
  consoleMsg('about to fail');
  throw new TypeError('bad thing');
}
`;

/** The secret, and the connection `db`: dev reads database test, prod database postgres. */
async function addDatabase(services: OpenedServices, actor: string): Promise<void> {
  await services.secrets.set({ name: 'PG_PASSWORD', value: `trust-${randomUUID()}`, mode: 'dev' }, actor);
  const prodSource = postgresSource({ database: 'postgres' });
  await services.connections.create({ name: 'db', type: 'postgres', devSource: postgresSource({ database: 'test' }), prodSource }, actor);
}

describe('ziggy run, op, blocks and runs: locally and on a server', () => {
  let root: string;
  let localDataDir: string;
  let server: RunningServer;
  let operatorToken: string;
  let editorToken: string;
  let viewerToken: string;
  const file = async (name: string, text: string): Promise<string> => {
    const full = path.join(root, name);
    await writeFile(full, text);
    return full;
  };
  const local = (step: { args: string[]; input?: string }): Promise<Run> => ziggy(['--data-dir', localDataDir, ...step.args], cleanEnv(), step.input);
  const remote = (step: { args: string[]; input?: string }, token = operatorToken): Promise<Run> =>
    ziggy(['--server', server.url, ...step.args], cleanEnv({ ZIGGY_TOKEN: token }), step.input);

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-run-'));
    localDataDir = path.join(root, 'local-data');
    const localServices = await openServices({ dataDir: localDataDir, env: {} });
    try {
      await addDatabase(localServices, 'cli:tester');
    } finally {
      await localServices.close();
    }
    server = await startServer({
      dataDir: path.join(root, 'server-data'),
      host: '127.0.0.1',
      port: 0,
      env: { ZIGGY_ADMIN_PASSWORD: `admin-${randomUUID()}` },
      logger: { destination: { write: () => undefined } },
    });
    const { users, tokens } = server.services;
    const admin = { username: 'admin', roles: { dev: 'admin', prod: 'admin' }, via: 'session', actor: 'user:admin' } as const;
    await addDatabase(server.services, admin.actor);
    await server.services.connections.create(
      { name: 'files', type: 'sftp', devSource: `{ host: '127.0.0.1', port: 1, username: 'nobody', password: 'unused' }` },
      admin.actor,
    );
    for (const [username, role] of [['olive', 'operator'], ['vic', 'viewer'], ['edda', 'editor']] as const) {
      await users.create({ username, password: `${username}-${randomUUID()}`, role }, admin.actor);
    }
    operatorToken = (await tokens.create(admin, { name: 'cli', username: 'olive' })).token;
    viewerToken = (await tokens.create(admin, { name: 'cli', username: 'vic' })).token;
    editorToken = (await tokens.create(admin, { name: 'cli', username: 'edda' })).token;
  });
  after(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('the same runs give the same output and exit codes locally and on the server', async () => {
    const query = await file('query.js', queryBlock);
    const throwing = await file('throw.js', throwingBlock);
    const inputs = await file('inputs.json', '["from a file"]');
    const scenario: Step[] = [
      { args: ['run', query, '--input', '["orders"]'], code: 0 },
      { args: ['run', query, '--mode', 'PROD', '--input', '"one value"'], code: 0 },
      { args: ['run', query, '--input-file', inputs], code: 0 },
      { args: ['run', '-', '--input', '[7]'], input: queryBlock, code: 0 },
      { args: ['--json', 'run', query, '--input', '[1]'], code: 0 },
      { args: ['run', throwing], code: 1 },
      { args: ['run', throwing, '--json'], code: 1 },
      { args: ['run', query, '--input', '{not json'], code: 2 },
      { args: ['run', query, '--mode', 'staging'], code: 2 },
      { args: ['run', path.join(root, 'missing.js')], code: 2 },
      { args: ['run', '-', '--input-file', '-'], input: queryBlock, code: 2 },
      { args: ['op', 'db', 'select', '--params', '{"sql":"select 1 as n"}'], code: 0 },
      { args: ['op', 'db', 'select', '--params', '{"sql":"select current_database() as name"}', '--mode', 'prod', '--json'], code: 0 },
      { args: ['op', 'db', 'raw', '--params', '{"sql":"select 2 as n; select 3 as n"}'], code: 0 },
      { args: ['op', 'db', 'select', '--params', '["select 1"]'], code: 2 },
      { args: ['op', 'nope', 'select', '--params', '{"sql":"select 1"}'], code: 2 },
      { args: ['op', 'db', 'frobnicate'], code: 2 },
    ];
    // Each side plays the steps in order; the two sides run side by side. Code from a file takes an editor on a server.
    const [here, there] = await Promise.all([play(scenario, local), play(scenario, (step) => remote(step, editorToken))]);
    const actors = ['cli:tester', 'token:edda/cli'];
    scenario.forEach((step, index) => expectSameRun(step, here[index] as Run, there[index] as Run, actors, { ids: true }));

    const [first, prod, fromFile, fromStdin, json, thrown, thrownJson, badJson] = there as Run[];
    assert.match(first!.stdout, /^\[log\] database is test\n\[warn\] label orders\noutput 1:\n {2}\[\n {4}\{\n {6}"label": "orders"\n {4}\}\n {2}\]\nresult:\n {2}\{\n {4}"name": "test",\n {4}"label": "orders"\n {2}\}\nok {2}\(dev, \d+ ms\)\nrun: \S+\n$/);
    assert.match(prod!.stdout, /"name": "postgres"/);
    assert.match(prod!.stdout, /^\[warn\] label one value$/m, 'a value that is not an array is the one input');
    assert.match(prod!.stdout, /^ok {2}\(prod, \d+ ms\)$/m);
    assert.match(fromFile!.stdout, /^\[warn\] label from a file$/m);
    assert.match(fromStdin!.stdout, /^\[warn\] label 7$/m);
    const record = JSON.parse(json!.stdout);
    assert.equal(record.status, 'ok');
    assert.deepEqual(record.outputs, [{ edge: 1, items: [{ label: 1 }] }]);
    assert.equal(record.startedBy, 'token:edda/cli');
    assert.equal(JSON.parse(here[4]!.stdout).startedBy, 'cli:tester');
    assert.match(thrown!.stdout, /^\[log\] about to fail\nfailed \[error\]: .*bad thing.*\(dev, \d+ ms\)\n/);
    assert.equal(JSON.parse(thrownJson!.stdout).status, 'error');
    assert.match(badJson!.stderr, /^error: --input is not valid JSON: /);

    const op = there[11]!;
    assert.match(op.stdout, /^result:\n {2}\{\n {4}"rows": \[\n {6}\{\n {8}"n": 1\n/);
    assert.match(op.stdout, /^ok {2}\(dev, \d+ ms\)\nrun: \S+\n$/m);
    assert.equal(JSON.parse(there[12]!.stdout).result.rows[0].name, 'postgres');
    assert.match(there[13]!.stdout, /"n": 3/);
    assert.match(there[15]!.stderr, /^error: .*"nope"/);
  });

  test('saved blocks and run history, locally and on the server', async () => {
    const query = await file('saved.js', queryBlock);
    const playBoth = async (steps: Step[]): Promise<void> => {
      for (const step of steps) {
        const [a, b] = await Promise.all([local(step), remote(step)]);
        expectSameRun(step, a, b, actors, { ids: true });
      }
    };
    const actors = ['cli:tester', 'token:olive/cli', 'token:admin/cli-editor'];
    // An operator may run blocks but not save them: the server's blocks are saved with an editor's token here.
    const editorToken = (await server.services.tokens.create({ username: 'admin', roles: { dev: 'admin', prod: 'admin' }, via: 'session', actor: 'user:admin' }, { name: 'cli-editor', role: 'editor' })).token;
    const save = { args: ['blocks', 'save', 'which-db', '--file', query, '--description', 'Reads the mode\'s database'] };
    const [savedHere, savedThere] = await Promise.all([local(save), remote(save, editorToken)]);
    expectCode(savedHere, 0, 'local save');
    expectCode(savedThere, 0, 'remote save');
    assert.equal(savedThere.stdout, 'Block which-db saved (version 1)\n');
    assert.equal(savedHere.stdout, savedThere.stdout);
    expectCode(await remote(save), 2, 'an operator saving');

    const declare = { args: ['blocks', 'save', 'which-db', '--file', query, '--retry-safe'] };
    const [declaredHere, declaredThere] = await Promise.all([local(declare), remote(declare, editorToken)]);
    assert.equal(declaredThere.stdout, 'Block which-db saved (version 2)\n');
    assert.equal(declaredHere.stdout, declaredThere.stdout);
    const shownHere = await local({ args: ['blocks', 'show', 'which-db'] });
    assert.match(shownHere.stdout, /^description: +Reads the mode's database\nretry-safe: +yes: run again when its worker stops\nversion: +2\n/m);
    const withdraw = { args: ['--json', 'blocks', 'save', 'which-db', '--file', query, '--no-retry-safe'] };
    const [withdrawnHere, withdrawnThere] = await Promise.all([local(withdraw), remote(withdraw, editorToken)]);
    for (const withdrawn of [withdrawnHere, withdrawnThere]) {
      assert.deepEqual([JSON.parse(withdrawn.stdout).retrySafe, JSON.parse(withdrawn.stdout).version], [false, 3]);
    }

    await playBoth([
      { args: ['blocks', 'list'], code: 0 },
      { args: ['blocks', 'show', 'which-db'], code: 0 },
      { args: ['blocks', 'run', 'which-db', '--mode', 'PROD', '--input', '["saved"]'], code: 0 },
      { args: ['blocks', 'run', 'which-db'], code: 0 },
      { args: ['blocks', 'run', 'nope'], code: 2 },
      { args: ['runs', 'list', '--target', 'which-db'], code: 0 },
      { args: ['runs', 'list', '--target', 'which-db', '--mode', 'prod', '--json'], code: 0 },
      { args: ['runs', 'list', '--status', 'crashed'], code: 2 },
      { args: ['runs', 'show', 'no-such-run'], code: 2 },
    ]);

    const listed = await remote({ args: ['runs', 'list', '--target', 'which-db'] });
    assert.match(listed.stdout, /^ID +TARGET +MODE +STATUS +STARTED +DURATION +BY\n/);
    const rows = listed.stdout.trim().split('\n').slice(1);
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /block which-db \(v3\) +dev +ok .* token:olive\/cli$/);
    const id = rows[1]!.split(' ')[0]!;
    const shown = await remote({ args: ['runs', 'show', id] });
    expectCode(shown, 0, 'runs show');
    assert.match(shown.stdout, /^target: +block which-db \(v3\)\nstarted: +\S+ \S+ by token:olive\/cli\n\[log\] database is postgres\n/);
    assert.match(shown.stdout, new RegExp(`^run: ${id}$`, 'm'));
    const limited = await remote({ args: ['--json', 'runs', 'list', '--limit', '1'] });
    assert.equal(JSON.parse(limited.stdout).length, 1);
    const prodOnly = JSON.parse((await remote({ args: ['runs', 'list', '--mode', 'PROD', '--json'] })).stdout) as Array<{ mode: string }>;
    assert.ok(prodOnly.length > 0 && prodOnly.every((run) => run.mode === 'prod'));

    const [deletedHere, deletedThere] = await Promise.all([local({ args: ['blocks', 'delete', 'which-db'] }), remote({ args: ['blocks', 'delete', 'which-db'] }, editorToken)]);
    assert.equal(deletedHere.stdout, 'Block which-db deleted\n');
    assert.equal(deletedThere.stdout, deletedHere.stdout);
    await playBoth([{ args: ['blocks', 'list'], code: 0 }]);
  });

  test('--no-wait: a server answers at once with the run id, and `runs show` follows it; here it is refused', async () => {
    const slow = await file('slow.js', 'async function () { await new Promise((resolve) => setTimeout(resolve, 800)); return "done"; }\n');
    const started = await remote({ args: ['run', slow, '--no-wait'] }, editorToken);
    expectCode(started, 0, 'a run not ended yet is not a failure when it was asked for');
    const id = /^run: (\S+)$/m.exec(started.stdout)?.[1];
    assert.ok(id, started.stdout);
    assert.match(started.stdout, new RegExp(`^running: not ended yet; follow it with \`ziggy runs show ${id}\``, 'm'));
    let shown: Run | undefined;
    for (let tries = 0; tries < 100; tries++) {
      shown = await remote({ args: ['--json', 'runs', 'show', id] });
      if (JSON.parse(shown.stdout).status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual([JSON.parse(shown!.stdout).status, JSON.parse(shown!.stdout).result], ['ok', 'done']);
    const op = await remote({ args: ['--json', 'op', 'db', 'select', '--params', '{"sql":"select 1 as n"}', '--no-wait'] });
    expectCode(op, 0, 'op --no-wait');
    assert.equal(JSON.parse(op.stdout).status, 'running');

    for (const args of [['run', slow, '--no-wait'], ['op', 'db', 'select', '--params', '{"sql":"select 1"}', '--no-wait']]) {
      const refused = await local({ args });
      expectCode(refused, 2, `local ${args[0]} --no-wait`);
      assert.match(refused.stderr, /^error: --no-wait needs the run to execute elsewhere: on a server \(--server or ZIGGY_SERVER\) or on workers/);
    }
  });

  test('on a server: a viewer may not run, and an operation may not name local files', async () => {
    const query = await file('viewer.js', queryBlock);
    const refused = await remote({ args: ['run', query] }, viewerToken);
    expectCode(refused, 2, 'a viewer running code');
    assert.equal(refused.stderr, 'error: This needs the "write" permission in the mode it acts in, which your roles (viewer) do not give.\n');
    const byOperator = await remote({ args: ['run', query] });
    expectCode(byOperator, 2, 'an operator running code from a file');
    assert.equal(byOperator.stderr, 'error: This needs the "write" permission in the mode it acts in, which your roles (operator) do not give.\n');
    expectCode(await remote({ args: ['runs', 'list'] }, viewerToken), 2, 'a viewer reading runs');

    const target = path.join(root, 'never-written');
    const localFile = await remote({ args: ['op', 'files', 'get', '--params', JSON.stringify({ path: '/etc/hostname', localPath: target })] });
    expectCode(localFile, 2, 'localPath through the server');
    assert.match(localFile.stderr, /localPath/);
  });
});
