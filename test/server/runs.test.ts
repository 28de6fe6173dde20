import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { postgresSource } from '../support/temp-services.ts';
import { startHarness, type Harness, type Reply } from './harness.ts';

/** Reads which database the dev and prod configs point at, so the mode of a run shows in its result. */
const whichDb = `async function (label) {
  const { rows } = await connections.db.query('select current_database() as name');
  console.log('database is', rows[0].name);
  branchTo(1, { label, mode });
  return rows[0].name;
}`;

const operatorActor = 'token:operator-user/operator-token';
const editorActor = 'token:editor-user/editor-token';

describe('the run API: blocks, operations and run records', () => {
  let harness: Harness;
  const as = (role: 'admin' | 'editor' | 'operator' | 'viewer') => (method: string, urlPath: string, body?: unknown): Promise<Reply> =>
    harness.request(method, urlPath, { token: harness.tokens[role], body });
  let admin: ReturnType<typeof as>;
  let editor: ReturnType<typeof as>;
  let operator: ReturnType<typeof as>;
  let viewer: ReturnType<typeof as>;
  const expectStatus = (reply: Reply, status: number): void => assert.equal(reply.status, status, reply.text);

  before(async () => {
    harness = await startHarness();
    [admin, editor, operator, viewer] = [as('admin'), as('editor'), as('operator'), as('viewer')];
    expectStatus(await admin('PUT', '/api/secrets/PG_PASSWORD', { value: 'trust-auth-ignores-it' }), 200);
    const db = { name: 'db', type: 'postgres', devSource: postgresSource({ database: 'test' }), prodSource: postgresSource({ database: 'postgres' }) };
    expectStatus(await admin('POST', '/api/connections', db), 201);
    const files = { name: 'files', type: 'sftp', devSource: `{ host: '127.0.0.1', port: 1, username: 'nobody', password: 'unused' }` };
    expectStatus(await admin('POST', '/api/connections', files), 201);
  });
  after(() => harness.close());

  test('code sent with the request runs in the mode asked for, else in the server default mode', async () => {
    const dev = await editor('POST', '/api/blocks/run', { code: whichDb, inputs: ['first'], mode: 'dev' });
    expectStatus(dev, 200);
    assert.equal(dev.body.status, 'ok');
    assert.equal(dev.body.result, 'test');
    assert.equal(dev.body.mode, 'dev');
    assert.equal(dev.body.target.kind, 'code');
    assert.equal(dev.body.startedBy, editorActor);
    expectStatus(await operator('POST', '/api/blocks/run', { code: whichDb, mode: 'dev' }), 403);
    assert.deepEqual(dev.body.outputs, [{ edge: 1, items: [{ label: 'first', mode: 'dev' }] }]);
    assert.deepEqual(dev.body.console.map((line: { level: string; text: string }) => [line.level, line.text]), [['log', 'database is test']]);

    const prod = await editor('POST', '/api/blocks/run', { code: whichDb, inputs: ['second'], mode: 'PROD' });
    expectStatus(prod, 200);
    assert.equal(prod.body.result, 'postgres');
    assert.equal(prod.body.mode, 'prod');

    assert.equal((await editor('POST', '/api/blocks/run', { code: whichDb })).body.result, 'test', 'the default mode is dev');
    expectStatus(await admin('PUT', '/api/settings', { defaultMode: 'prod' }), 200);
    try {
      assert.equal((await editor('POST', '/api/blocks/run', { code: whichDb })).body.mode, 'prod', 'the server default mode applies');
    } finally {
      expectStatus(await admin('PUT', '/api/settings', { defaultMode: 'dev' }), 200);
    }
  });

  test('a block that fails is a 200 whose record says how; a bad request is a 400', async () => {
    const thrown = await editor('POST', '/api/blocks/run', { code: "async function () {\n  throw new TypeError('bad thing');\n}" });
    expectStatus(thrown, 200);
    assert.equal(thrown.body.status, 'error');
    assert.match(thrown.body.error.message, /bad thing/);
    const unparsable = await editor('POST', '/api/blocks/run', { code: 'async function () { return 1 +; }' });
    expectStatus(unparsable, 200);
    assert.equal(unparsable.body.status, 'error');
    assert.match(unparsable.body.error.message, /line 1/i);

    const missingCode = await editor('POST', '/api/blocks/run', { inputs: [] });
    expectStatus(missingCode, 400);
    assert.deepEqual(missingCode.body.details.issues.map((issue: { path: string }) => issue.path), ['body.code']);
    expectStatus(await editor('POST', '/api/blocks/run', { code: whichDb, mode: 'staging' }), 400);
    // The API never lets a caller make the server touch its own files.
    expectStatus(await editor('POST', '/api/blocks/run', { code: whichDb, allowLocalFiles: true }), 400);
  });

  test('a saved block is launched by name with an operator token, dev unless the call asks for prod', async () => {
    const created = await editor('PUT', '/api/blocks/which-db', { code: whichDb, description: 'Which database a mode uses' });
    expectStatus(created, 201);
    assert.equal(created.body.version, 1);
    assert.equal(created.body.updatedBy, 'token:editor-user/editor-token');
    const replaced = await editor('PUT', '/api/blocks/which-db', { code: whichDb, description: 'Which database', version: 1 });
    expectStatus(replaced, 200);
    assert.equal(replaced.body.version, 2);
    assert.equal((await editor('PUT', '/api/blocks/which-db', { code: whichDb, version: 1 })).body.error, 'version_conflict');
    expectStatus(await operator('PUT', '/api/blocks/which-db', { code: whichDb }), 403);

    const listed = await viewer('GET', '/api/blocks');
    expectStatus(listed, 200);
    assert.deepEqual(listed.body.blocks.map((block: { name: string }) => block.name), ['which-db']);
    assert.equal((await viewer('GET', '/api/blocks/which-db')).body.code, whichDb);

    // The server's default mode does not apply: a saved block runs in prod only when the call says so.
    expectStatus(await admin('PUT', '/api/settings', { defaultMode: 'prod' }), 200);
    try {
      const byDefault = await operator('POST', '/api/blocks/which-db/run', { inputs: ['default'] });
      expectStatus(byDefault, 200);
      assert.equal(byDefault.body.mode, 'dev');
      assert.equal(byDefault.body.result, 'test');
      assert.deepEqual(byDefault.body.target, { kind: 'block', name: 'which-db', version: 2, codeHash: byDefault.body.target.codeHash });
      assert.equal(byDefault.body.startedBy, operatorActor);
      const bareCall = await harness.request('POST', '/api/blocks/which-db/run', { token: harness.tokens.operator });
      assert.equal(bareCall.body.mode, 'dev', 'a call without a body');
    } finally {
      expectStatus(await admin('PUT', '/api/settings', { defaultMode: 'dev' }), 200);
    }
    const prodByQuery = await operator('POST', '/api/blocks/which-db/run?mode=PROD', { inputs: ['query'] });
    expectStatus(prodByQuery, 200);
    assert.equal(prodByQuery.body.result, 'postgres');
    assert.deepEqual(prodByQuery.body.outputs, [{ edge: 1, items: [{ label: 'query', mode: 'prod' }] }]);
    assert.equal((await operator('POST', '/api/blocks/which-db/run', { mode: 'prod' })).body.result, 'postgres');
    assert.equal((await operator('POST', '/api/blocks/which-db/run?mode=prod', { mode: 'PROD' })).status, 200, 'the same mode twice');
    const disagree = await operator('POST', '/api/blocks/which-db/run?mode=prod', { mode: 'dev' });
    expectStatus(disagree, 400);
    assert.match(disagree.body.message, /disagree/);

    assert.equal((await operator('POST', '/api/blocks/nope/run', {})).body.error, 'block_not_found');
    const broken = await editor('PUT', '/api/blocks/broken', { code: 'async function () { return 1 +; }' });
    assert.ok(broken.status >= 400 && broken.status < 500, broken.text);
    assert.equal((await viewer('GET', '/api/blocks/broken')).body.error, 'block_not_found', 'code that does not parse is not saved');
  });

  test('a viewer gets 403 on every route that runs or reads runs', async () => {
    const ran = await editor('POST', '/api/blocks/run', { code: 'async function () { return 1; }' });
    const calls: Array<[string, string, unknown?]> = [
      ['POST', '/api/blocks/run', { code: whichDb }],
      ['POST', '/api/blocks/which-db/run', {}],
      ['POST', '/api/operations/run', { connection: 'db', operation: 'select', params: { sql: 'select 1' } }],
      ['GET', '/api/runs'],
      ['GET', `/api/runs/${ran.body.id}`],
    ];
    for (const [method, urlPath, body] of calls) {
      const reply = await viewer(method, urlPath, body);
      assert.equal(reply.status, 403, `${method} ${urlPath}: ${reply.text}`);
      assert.equal(reply.body.error, 'forbidden');
    }
  });

  test('operations run against the connection, with parameters checked first', async () => {
    const selected = await operator('POST', '/api/operations/run', {
      connection: 'db',
      operation: 'select',
      params: { sql: 'select $1::int + 1 as n, current_database() as name', params: [41] },
      mode: 'prod',
    });
    expectStatus(selected, 200);
    assert.equal(selected.body.status, 'ok');
    assert.deepEqual(selected.body.target, { kind: 'operation', connection: 'db', operation: 'select' });
    assert.deepEqual(selected.body.result.rows, [{ n: 42, name: 'postgres' }]);
    assert.equal(selected.body.startedBy, operatorActor);

    const raw = await operator('POST', '/api/operations/run', {
      connection: 'db',
      operation: 'raw',
      params: { sql: 'create temp table t (n int); insert into t values (1), (2); select count(*)::int as count from t' },
    });
    expectStatus(raw, 200);
    assert.equal(raw.body.mode, 'dev');
    assert.deepEqual(raw.body.result.rows, [{ count: 2 }]);

    assert.equal((await operator('POST', '/api/operations/run', { connection: 'nope', operation: 'select', params: { sql: 'select 1' } })).body.error, 'connection_not_found');
    assert.equal((await operator('POST', '/api/operations/run', { connection: 'db', operation: 'frobnicate', params: {} })).body.error, 'operation_unknown');
    const badParams = await operator('POST', '/api/operations/run', { connection: 'db', operation: 'select', params: { query: 'select 1' } });
    expectStatus(badParams, 400);
    expectStatus(await operator('POST', '/api/operations/run', { connection: 'db', operation: 'select', params: 'select 1' }), 400);
  });

  test('over the API an operation may not name a file on the server', async () => {
    const target = path.join(os.tmpdir(), `ziggy-never-written-${process.pid}`);
    const refused = await operator('POST', '/api/operations/run', {
      connection: 'files',
      operation: 'get',
      params: { path: '/etc/hostname', localPath: target },
    });
    assert.ok(refused.status >= 400 && refused.status < 500, refused.text);
    assert.match(refused.body.message, /localPath/);
    assert.equal(existsSync(target), false);
    const smuggled = await operator('POST', '/api/operations/run', {
      connection: 'files',
      operation: 'get',
      params: { path: '/etc/hostname', localPath: target },
      allowLocalFiles: true,
    });
    expectStatus(smuggled, 400);
  });

  test('runs are listed newest first, filtered, and read back one by one', async () => {
    const failed = await editor('POST', '/api/blocks/run', { code: "async function () { throw new Error('listed'); }", mode: 'prod' });
    const all = await operator('GET', '/api/runs');
    expectStatus(all, 200);
    assert.ok(all.body.runs.length >= 10, `only ${all.body.runs.length} runs`);
    assert.equal(all.body.runs[0].id, failed.body.id, 'newest first');
    const startedAts = all.body.runs.map((run: { startedAt: string }) => run.startedAt);
    assert.deepEqual(startedAts, [...startedAts].sort().reverse());

    const byBlock = (await operator('GET', '/api/runs?target=which-db')).body.runs;
    assert.ok(byBlock.length >= 4);
    assert.ok(byBlock.every((run: { target: { kind: string; name?: string } }) => run.target.kind === 'block' && run.target.name === 'which-db'));
    const byOperation = (await operator('GET', '/api/runs?target=db/select')).body.runs;
    assert.ok(byOperation.length >= 1 && byOperation.every((run: { target: { operation?: string } }) => run.target.operation === 'select'));
    const errors = (await operator('GET', '/api/runs?status=error')).body.runs;
    assert.ok(errors.some((run: { id: string }) => run.id === failed.body.id));
    assert.ok(errors.every((run: { status: string }) => run.status === 'error'));
    const prod = (await operator('GET', '/api/runs?mode=PROD')).body.runs;
    assert.ok(prod.length >= 3 && prod.every((run: { mode: string }) => run.mode === 'prod'));
    const byEditor = (await operator('GET', `/api/runs?startedBy=${encodeURIComponent(editorActor)}`)).body.runs;
    assert.ok(byEditor.length > 0 && byEditor.every((run: { startedBy: string }) => run.startedBy === editorActor));
    const byNobody = (await operator('GET', `/api/runs?startedBy=${encodeURIComponent('token:nobody/none')}`)).body.runs;
    assert.deepEqual(byNobody, []);
    assert.equal((await operator('GET', '/api/runs?limit=2')).body.runs.length, 2);
    expectStatus(await operator('GET', '/api/runs?limit=0'), 400);
    expectStatus(await operator('GET', '/api/runs?status=crashed'), 400);

    const one = await operator('GET', `/api/runs/${failed.body.id}`);
    expectStatus(one, 200);
    assert.deepEqual(one.body, failed.body);
    assert.equal((await operator('GET', '/api/runs/no-such-run')).body.error, 'run_not_found');
  });

  test('a saved block is deleted by an editor; its runs stay', async () => {
    expectStatus(await operator('DELETE', '/api/blocks/which-db'), 403);
    expectStatus(await editor('DELETE', '/api/blocks/which-db'), 204);
    assert.equal((await viewer('GET', '/api/blocks/which-db')).body.error, 'block_not_found');
    assert.equal((await editor('DELETE', '/api/blocks/which-db')).body.error, 'block_not_found');
    assert.ok((await operator('GET', '/api/runs?target=which-db')).body.runs.length >= 4);
  });
});
