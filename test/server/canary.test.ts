import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildServer, routeTable } from '../../src/server/app.ts';
import { masterKeyFileName, parseMasterKey } from '../../src/secrets/index.ts';
import { postgresSource } from '../support/temp-services.ts';
import { headersText, startHarness, type Harness, type Reply } from './harness.ts';

const canaries = {
  dev: `canary-dev-${randomUUID()}`,
  prod: `canary-prod-${randomUUID()}`,
  pgDev: `canary-pg-dev-${randomUUID()}`,
  pgProd: `canary-pg-prod-${randomUUID()}`,
};

/** The config sources: one that works, one refused at the port, one whose user is a secret the server echoes back, one invalid. */
const sources = {
  valid: postgresSource({ secret: 'PG_CANARY' }),
  refused: postgresSource({ secret: 'CANARY', port: 1 }),
  echoedUser: `{ host: '127.0.0.1', user: secrets.CANARY, password: secrets.PG_CANARY, database: 'test', port: 5432 }`,
  invalid: `{ host: '127.0.0.1', user: 'postgres', password: 'x', database: 'test', port: secrets.CANARY }`,
};

/** Every route is called, with failures and errors on the way; no secret value and no master key byte may come back or reach the log. */
describe('secret values never leave the server', () => {
  let harness: Harness;
  const covered = new Set<string>();
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  const call = async (
    route: string,
    options: { path?: string; token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> => {
    covered.add(route);
    const [method, pattern] = route.split(' ') as [string, string];
    const token = options.token === null ? undefined : (options.token ?? harness.tokens.admin);
    return harness.request(method, options.path ?? pattern, { token, body: options.body, headers: options.headers });
  };

  test('exercise every route, failing tests and errors included', async () => {
    await call('GET /healthz');
    await call('GET /readyz');
    await call('GET /api/openapi.json');
    await call('GET /*', { path: '/assets/canary.js' });
    await call('PUT /api/secrets/:name', { path: '/api/secrets/CANARY', body: { value: canaries.dev } });
    await call('PUT /api/secrets/:name', { path: '/api/secrets/CANARY', body: { value: canaries.prod, mode: 'prod' } });
    await call('PUT /api/secrets/:name', { path: '/api/secrets/PG_CANARY', body: { value: canaries.pgDev } });
    await call('PUT /api/secrets/:name', { path: '/api/secrets/PG_CANARY', body: { value: canaries.pgProd, mode: 'PROD' } });
    await call('PUT /api/secrets/:name', { path: '/api/secrets/1bad', body: { value: canaries.dev } });
    await call('PUT /api/secrets/:name', { path: '/api/secrets/CANARY', body: { value: canaries.dev, mode: 'staging' } });
    // Metadata edits carry the values over: the runs below still resolve (and mask) both canaries.
    const patched = await call('PATCH /api/secrets/:name', { path: '/api/secrets/CANARY', body: { description: 'canary', tags: [' canary ', 'canary'] } });
    assert.deepEqual([patched.status, patched.body.tags, patched.body.modes], [200, ['canary'], { dev: true, prod: true }]);
    const refusedPatches = [
      await call('PATCH /api/secrets/:name', { path: '/api/secrets/CANARY', body: {} }),
      await call('PATCH /api/secrets/:name', { path: '/api/secrets/CANARY', body: { value: canaries.prod } }),
      await call('PATCH /api/secrets/:name', { path: '/api/secrets/NO_SUCH', body: { description: canaries.dev } }),
    ];
    assert.deepEqual(refusedPatches.map((reply) => reply.body.error), ['bad_input', 'bad_input', 'secret_not_found']);
    for (const [name, devSource] of Object.entries(sources)) {
      const created = await call('POST /api/connections', { body: { name, type: 'postgres', devSource } });
      assert.ok([201, 422].includes(created.status), created.text);
    }
    await call('POST /api/connections', { body: { name: 'broken', type: 'postgres', devSource: `{ password: secrets.CANARY\n port: 1 }` } });

    const outcomes: Reply[] = [];
    for (const name of Object.keys(sources)) {
      for (const mode of ['dev', 'prod']) outcomes.push(await call('POST /api/connections/:name/test', { path: `/api/connections/${name}/test`, body: { mode } }));
    }
    for (const source of [sources.refused, sources.echoedUser, sources.invalid]) {
      outcomes.push(await call('POST /api/connections/test', { body: { type: 'postgres', source, mode: 'prod' } }));
    }
    assert.deepEqual(outcomes.map((outcome) => outcome.status), outcomes.map(() => 200));
    const failures = outcomes.filter((outcome) => outcome.body.ok === false);
    assert.ok(failures.length >= 6, 'the failing connections failed');

    await call('GET /api/connections');
    await call('GET /api/connections/:name', { path: '/api/connections/refused' });
    // A secret value typed where a name goes comes back in the error message and the request log: both must mask it.
    const echoed = await call('GET /api/connections/:name', { path: `/api/connections/${canaries.dev}` });
    assert.equal(echoed.body.error, 'connection_not_found');
    assert.match(echoed.body.message, /\[secret\]/);
    assert.ok(harness.logLines.some((line) => line.includes('"url":"/api/connections/[secret]"')), 'the request log masked it');
    await call('PATCH /api/connections/:name', { path: '/api/connections/refused', body: { description: 'edited' }, headers: { 'if-match': '"1"' } });
    await call('PATCH /api/connections/:name', { path: '/api/connections/refused', body: { description: 'stale' }, headers: { 'if-match': '"1"' } });
    await call('PATCH /api/connections/:name', { path: '/api/connections/refused', body: { prodSource: `{ port: secrets.CANARY,, }` } });
    await call('GET /api/connections/:name/revisions', { path: '/api/connections/refused/revisions' });
    await call('GET /api/connections/:name/sources/:mode', { path: '/api/connections/refused/sources/prod' });
    await call('POST /api/connections/:name/revisions/:revision/restore', { path: '/api/connections/refused/revisions/1/restore' });

    await exerciseRuns(call);

    // The file routes, on an SFTP connection whose user and password are the canaries and on a type that holds no files, with a canary in the path.
    await call('POST /api/connections', {
      body: { name: 'drop', type: 'sftp', devSource: `{ host: '127.0.0.1', port: 1, username: secrets.CANARY, password: secrets.PG_CANARY }` },
    });
    const fileReplies: Reply[] = [];
    for (const route of ['GET /api/connections/:name/files', 'GET /api/connections/:name/files/stat', 'GET /api/connections/:name/files/content', 'PUT /api/connections/:name/files/content', 'DELETE /api/connections/:name/files']) {
      const [, pattern] = route.split(' ') as [string, string];
      for (const connection of ['drop', 'valid']) {
        fileReplies.push(await call(route, { path: `${pattern.replace(':name', connection)}?path=${encodeURIComponent(`/inbox/${canaries.dev}.csv`)}&mode=prod` }));
      }
    }
    assert.deepEqual([...new Set(fileReplies.map((reply) => `${reply.status} ${reply.body.error}`))].sort(), ['400 bad_input', '502 connection_failed']);

    await call('GET /api/secrets');
    await call('GET /api/secrets/:name', { path: '/api/secrets/CANARY' });
    await call('DELETE /api/secrets/:name/prod', { path: '/api/secrets/PG_CANARY/prod' });
    await call('DELETE /api/secrets/:name', { path: '/api/secrets/CANARY' });
    await call('GET /api/types');
    await call('GET /api/types/:id', { path: '/api/types/postgres' });
    await call('GET /api/audit');
    await call('GET /api/settings');
    await call('PUT /api/settings', { body: { defaultMode: 'prod' } });

    await call('POST /api/auth/login', { body: { username: 'admin', password: canaries.dev } });
    const login = await call('POST /api/auth/login', { body: { username: 'admin', password: harness.adminPassword } });
    const session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': login.body.csrfToken };
    await call('GET /api/auth/me', { token: harness.tokens.viewer });
    await call('PUT /api/auth/password', { body: { currentPassword: canaries.dev, newPassword: canaries.prod } });
    await call('GET /api/users');
    await call('POST /api/users', { body: { username: 'temp-user', password: `temp-${randomUUID()}`, role: 'viewer' } });
    await call('PATCH /api/users/:username', { path: '/api/users/temp-user', body: { role: 'operator' } });
    await call('DELETE /api/users/:username', { path: '/api/users/temp-user' });
    await call('GET /api/plugins');
    await call('POST /api/plugins', { body: { spec: 'not a package!' } });
    await call('DELETE /api/plugins/:name', { path: '/api/plugins/nobody' });
    await call('GET /api/tokens', { path: '/api/tokens?all=true' });
    const token = await call('POST /api/tokens', { body: { name: 'temp' } });
    await call('DELETE /api/tokens/:id', { path: `/api/tokens/${token.body.view.id}` });
    await call('DELETE /api/secrets/:name', { path: '/api/secrets/CANARY?force=true' });
    await call('DELETE /api/connections/:name', { path: '/api/connections/refused' });
    assert.equal((await call('POST /api/auth/logout', { token: null, headers: session })).status, 204);

    const all = routeTable(harness.server.app).map(({ method, url }) => `${method} ${url}`);
    assert.deepEqual(all.filter((route) => !covered.has(route)), [], 'every route was exercised');
  });

  test('an unexpected error is a generic 500; its real message is logged with the secret masked', async () => {
    const lines: string[] = [];
    const app = buildServer(harness.server.services, { logger: { destination: { write: (line: string) => void lines.push(line) } } });
    app.register(async (scope) => {
      scope.get('/boom', { config: { permission: 'public' } }, async () => {
        throw new Error(`driver said: password ${canaries.pgDev} rejected`);
      });
    });
    const reply = await app.inject({ method: 'GET', url: '/boom' });
    await app.close();
    assert.equal(reply.statusCode, 500);
    assert.deepEqual(reply.json(), { error: 'internal', message: 'Something went wrong on the server; the details are in the server log.' });
    const logged = lines.find((line) => line.includes('driver said'));
    assert.ok(logged, 'the real error was logged');
    assert.ok(logged.includes('password [secret] rejected'), logged);
    assert.ok(lines.every((line) => !line.includes(canaries.pgDev)));
  });

  test('no canary and no master key in any response body, header or log line', async () => {
    const keyText = (await readFile(path.join(harness.dataDir, masterKeyFileName), 'utf8')).trim();
    const key = parseMasterKey(keyText);
    assert.ok(key);
    const forbidden = [...Object.values(canaries), keyText, key.toString('hex'), key.toString('base64')];
    const texts = [
      ...harness.replies.flatMap((reply) => [reply.text, headersText(reply.headers)]),
      ...harness.logLines,
    ];
    assert.ok(harness.logLines.length > 100, 'the log was captured');
    for (const value of forbidden) {
      const leaks = texts.filter((text) => text.includes(value));
      assert.deepEqual(leaks, [], `found ${value.slice(0, 12)}…`);
    }
  });
});

/** A block that prints, routes, logs and returns secret values, and an operation that echoes one: every record must mask them. */
async function exerciseRuns(call: (route: string, options?: { path?: string; body?: unknown }) => Promise<Reply>): Promise<void> {
  const code = `async function (label) {
  console.log('the canary is', secrets.CANARY);
  consoleMsg(secrets.PG_CANARY);
  sysLog.log('canary', { value: secrets.CANARY });
  branchTo(0, { label, canary: secrets.CANARY });
  return { canary: secrets.CANARY, pg: secrets.PG_CANARY };
}`;
  const records: Reply[] = [];
  for (const mode of ['dev', 'PROD']) records.push(await call('POST /api/blocks/run', { body: { code, inputs: ['direct'], mode } }));
  records.push(await call('POST /api/blocks/run', { body: { code: 'async function () { throw new Error(`failed with ${secrets.CANARY}`); }' } }));
  await call('PUT /api/blocks/:name', { path: '/api/blocks/canary', body: { code, description: 'prints secrets' } });
  await call('GET /api/blocks');
  await call('GET /api/blocks/:name', { path: '/api/blocks/canary' });
  records.push(await call('POST /api/blocks/:name/run', { path: '/api/blocks/canary/run?mode=PROD', body: { inputs: ['saved'] } }));
  const echoed = await call('POST /api/operations/run', {
    body: { connection: 'valid', operation: 'select', params: { sql: 'select $1::text as echoed', params: [canaries.pgDev] } },
  });
  records.push(echoed);
  assert.deepEqual(records.map((record) => record.status), records.map(() => 200));
  assert.deepEqual(records.map((record) => record.body.status), ['ok', 'ok', 'error', 'ok', 'ok']);
  assert.deepEqual(records[0]?.body.result, { canary: '[secret]', pg: '[secret]' });
  assert.deepEqual(records[3]?.body.outputs, [{ edge: 0, items: [{ label: 'saved', canary: '[secret]' }] }]);
  assert.match(records[2]?.body.error.message, /failed with \[secret\]/);
  assert.deepEqual(echoed.body.result.rows, [{ echoed: '[secret]' }]);
  for (const record of records) {
    const stored = await call('GET /api/runs/:id', { path: `/api/runs/${record.body.id}` });
    assert.deepEqual(stored.body, record.body);
  }
  await call('GET /api/runs');
  await call('DELETE /api/blocks/:name', { path: '/api/blocks/canary' });
}
