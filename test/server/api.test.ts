import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { migrations as sqliteMigrations } from '../../src/store/sqlite/migrations.ts';
import { postgresSource } from '../support/temp-services.ts';
import { startHarness, type Harness, type Reply } from './harness.ts';

function expectError(reply: Reply, status: number, error: string): void {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.body.error, error, reply.text);
  assert.equal(typeof reply.body.message, 'string');
  assert.deepEqual(Object.keys(reply.body).filter((key) => !['error', 'message', 'details'].includes(key)), []);
}

/** Everything the CLI does, over HTTP with API tokens, against the real PostgreSQL on 127.0.0.1:5432. */
describe('the REST API, end to end', () => {
  let harness: Harness;
  let editor: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;
  before(async () => {
    harness = await startHarness();
    editor = (method, path, body, headers) => harness.request(method, path, { token: harness.tokens.editor, body, headers });
  });
  after(() => harness.close());

  test('/healthz answers without auth', async () => {
    const reply = await harness.request('GET', '/healthz');
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(reply.status, 200);
    const file = path.join(harness.dataDir, 'ziggy.db');
    const schema = { schemaVersion: sqliteMigrations.length, codeVersion: sqliteMigrations.length, pending: [] };
    const store = { kind: 'sqlite', location: file, reachable: true, ...schema };
    assert.deepEqual(reply.body, { status: 'ok', version, blockIsolation: harness.server.services.isolation, store });
    assert.equal(reply.body.blockIsolation.level, 'sandbox');
  });

  test('/readyz answers 200 without auth on an up-to-date SQLite store', async () => {
    const reply = await harness.request('GET', '/readyz');
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.status, 'ready');
    assert.deepEqual(reply.body.store, (await harness.request('GET', '/healthz')).body.store);
  });

  test('secrets: set dev and prod, list and show without values', async () => {
    const dev = await editor('PUT', '/api/secrets/PG_PASSWORD', { value: 'dev-value', description: 'local db', tags: ['db'] });
    assert.equal(dev.status, 200, dev.text);
    assert.deepEqual(dev.body.modes, { dev: true, prod: false });
    const prod = await editor('PUT', '/api/secrets/PG_PASSWORD', { value: 'prod-value', mode: 'PROD' });
    assert.deepEqual(prod.body.modes, { dev: true, prod: true });
    assert.equal(prod.body.prodUsesDev, false);
    assert.equal(prod.body.description, 'local db');
    const list = await harness.request('GET', '/api/secrets', { token: harness.tokens.viewer });
    assert.deepEqual(list.body.secrets.map((secret: { name: string }) => secret.name), ['PG_PASSWORD']);
    const show = await harness.request('GET', '/api/secrets/PG_PASSWORD', { token: harness.tokens.viewer });
    assert.equal(show.body.name, 'PG_PASSWORD');
    assert.ok(!show.text.includes('dev-value') && !show.text.includes('prod-value'));
    expectError(await editor('GET', '/api/secrets/NOPE'), 404, 'secret_not_found');
    expectError(await editor('PUT', '/api/secrets/OTHER', { value: 'x', mode: 'staging' }), 400, 'bad_input');
  });

  test('types: list and show', async () => {
    const list = await harness.request('GET', '/api/types', { token: harness.tokens.viewer });
    assert.ok(list.body.types.some((type: { id: string }) => type.id === 'postgres'));
    const postgres = await harness.request('GET', '/api/types/postgres', { token: harness.tokens.viewer });
    assert.equal(postgres.body.id, 'postgres');
    assert.equal(typeof postgres.body.jsonSchema, 'object');
    expectError(await harness.request('GET', '/api/types/nope', { token: harness.tokens.viewer }), 400, 'type_unknown');
  });

  test('connections: create, list, show with ETag, update with If-Match, conflicts', async () => {
    const created = await editor('POST', '/api/connections', {
      name: 'warehouse',
      type: 'postgres',
      description: 'first',
      devSource: postgresSource({ database: 'test' }),
      prodSource: postgresSource({ database: 'postgres' }),
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.connection.version, 1);
    assert.deepEqual(created.body.warnings, []);
    const devOnly = await editor('POST', '/api/connections', { name: 'dev-only', type: 'postgres', devSource: postgresSource() });
    assert.equal(devOnly.body.connection.prodUsesDev, true);
    expectError(await editor('POST', '/api/connections', { name: 'warehouse', type: 'postgres', devSource: postgresSource() }), 409, 'name_taken');

    const list = await harness.request('GET', '/api/connections', { token: harness.tokens.viewer });
    assert.deepEqual(list.body.connections.map((each: { name: string }) => each.name).sort(), ['dev-only', 'warehouse']);
    assert.deepEqual(list.body.connections[0].lastTest, {});

    const show = await harness.request('GET', '/api/connections/warehouse', { token: harness.tokens.viewer });
    assert.equal(show.headers.get('etag'), '"1"');
    assert.deepEqual(show.body.secretRefs, { dev: ['PG_PASSWORD'], prod: ['PG_PASSWORD'] });

    const second = await editor('PATCH', '/api/connections/warehouse', { description: 'second' }, { 'if-match': '"1"' });
    assert.equal(second.status, 200, second.text);
    assert.equal(second.body.connection.version, 2);
    const stale = await editor('PATCH', '/api/connections/warehouse', { description: 'stale' }, { 'if-match': '"1"' });
    expectError(stale, 409, 'version_conflict');
    assert.deepEqual(stale.body.details, { name: 'warehouse', expected: 1, current: 2 });
    expectError(await editor('PATCH', '/api/connections/warehouse', { description: 'x', version: 1 }, { 'if-match': '"2"' }), 400, 'bad_input');
    expectError(await editor('PATCH', '/api/connections/warehouse', { description: 'x' }, { 'if-match': 'W/2' }), 400, 'bad_input');
    const third = await editor('PATCH', '/api/connections/warehouse', { description: 'third', version: 2 });
    assert.equal(third.body.connection.version, 3);
    expectError(await editor('GET', '/api/connections/nope'), 404, 'connection_not_found');
  });

  test('history and restore', async () => {
    const history = await harness.request('GET', '/api/connections/warehouse/revisions', { token: harness.tokens.viewer });
    assert.deepEqual(history.body.revisions.map((revision: { revision: number }) => revision.revision), [3, 2, 1]);
    assert.deepEqual(history.body.revisions[0].changed, ['description']);
    expectError(await editor('POST', '/api/connections/warehouse/revisions/1/restore', { version: 2 }), 409, 'version_conflict');
    const restored = await editor('POST', '/api/connections/warehouse/revisions/1/restore');
    assert.equal(restored.status, 200, restored.text);
    assert.equal(restored.body.connection.version, 4);
    assert.equal(restored.body.connection.description, 'first');
    expectError(await editor('POST', '/api/connections/warehouse/revisions/99/restore', {}), 404, 'revision_not_found');
  });

  test('tests: dev and prod (with the prod fallback flag), a draft, and the last result per mode', async () => {
    const operator = (path: string, body?: unknown) => harness.request('POST', path, { token: harness.tokens.operator, body });
    const dev = await operator('/api/connections/warehouse/test', { mode: 'dev' });
    assert.equal(dev.status, 200, dev.text);
    assert.equal(dev.body.ok, true, dev.text);
    assert.equal(dev.body.mode, 'dev');
    const prod = await operator('/api/connections/warehouse/test', { mode: 'PROD', timeoutMs: 5000 });
    assert.deepEqual([prod.body.ok, prod.body.mode, prod.body.prodUsesDev], [true, 'prod', false]);
    const fallback = await operator('/api/connections/dev-only/test', { mode: 'prod' });
    assert.deepEqual([fallback.body.ok, fallback.body.mode, fallback.body.prodUsesDev], [true, 'prod', true]);

    const refused = await editor('POST', '/api/connections/test', { type: 'postgres', source: postgresSource({ port: 1 }), mode: 'dev' });
    assert.equal(refused.status, 200, 'a failed test is a result, not an error');
    assert.equal(refused.body.ok, false);
    assert.equal(refused.body.field, 'port');
    const draft = await editor('POST', '/api/connections/test', { type: 'postgres', source: postgresSource() });
    assert.equal(draft.body.ok, true, draft.text);

    const list = await harness.request('GET', '/api/connections', { token: harness.tokens.viewer });
    const warehouse = list.body.connections.find((each: { name: string }) => each.name === 'warehouse');
    assert.equal(warehouse.lastTest.dev.ok, true);
    assert.equal(warehouse.lastTest.prod.ok, true);
    assert.equal(typeof warehouse.lastTest.dev.at, 'string');
  });

  test('settings: the default mode applies to a test that names none', async () => {
    const admin = (method: string, path: string, body?: unknown) => harness.request(method, path, { token: harness.tokens.admin, body });
    assert.deepEqual((await harness.request('GET', '/api/settings', { token: harness.tokens.viewer })).body, { defaultMode: 'dev' });
    const noMode = await harness.request('POST', '/api/connections/warehouse/test', { token: harness.tokens.operator });
    assert.equal(noMode.body.mode, 'dev');
    const changed = await admin('PUT', '/api/settings', { defaultMode: 'PROD' });
    assert.deepEqual(changed.body, { defaultMode: 'prod' });
    const nowProd = await harness.request('POST', '/api/connections/warehouse/test', { token: harness.tokens.operator, body: {} });
    assert.equal(nowProd.body.mode, 'prod');
    await admin('PUT', '/api/settings', { defaultMode: 'dev' });
  });

  test('secrets in use: delete refused, prod cleared, then forced', async () => {
    const refused = await editor('DELETE', '/api/secrets/PG_PASSWORD');
    expectError(refused, 409, 'secret_in_use');
    const cleared = await editor('DELETE', '/api/secrets/PG_PASSWORD/prod');
    assert.deepEqual([cleared.status, cleared.body.modes, cleared.body.prodUsesDev], [200, { dev: true, prod: false }, true]);
    assert.equal((await editor('DELETE', '/api/secrets/PG_PASSWORD?force=true')).status, 204);
    expectError(await editor('GET', '/api/secrets/PG_PASSWORD'), 404, 'secret_not_found');
    const missing = await harness.request('POST', '/api/connections/warehouse/test', { token: harness.tokens.operator, body: { mode: 'dev' } });
    assert.equal(missing.body.ok, false);
  });

  test('connections: delete', async () => {
    assert.equal((await editor('DELETE', '/api/connections/dev-only')).status, 204);
    expectError(await editor('GET', '/api/connections/dev-only'), 404, 'connection_not_found');
  });

  test('audit: filters by entity, actor, time and limit', async () => {
    const audit = (query: string) => harness.request('GET', `/api/audit?${query}`, { token: harness.tokens.admin });
    const warehouse = await audit('entityType=connection&entityName=warehouse');
    assert.equal(warehouse.status, 200, warehouse.text);
    assert.ok(warehouse.body.entries.length >= 6);
    for (const entry of warehouse.body.entries) assert.deepEqual([entry.entityType, entry.entityName], ['connection', 'warehouse']);
    const actions = new Set(warehouse.body.entries.map((entry: { action: string }) => entry.action));
    for (const action of ['connection.create', 'connection.update', 'connection.restore', 'connection.test']) assert.ok(actions.has(action), action);
    const byOperator = await audit(`actor=${encodeURIComponent('token:operator-user/operator-token')}`);
    assert.ok(byOperator.body.entries.length > 0);
    for (const entry of byOperator.body.entries) assert.equal(entry.actor, 'token:operator-user/operator-token');
    assert.equal((await audit('limit=2')).body.entries.length, 2);
    assert.deepEqual((await audit(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.entries, []);
    expectError(await audit('since=yesterday'), 400, 'bad_input');
  });

  test('error bodies: one shape, with field paths or config positions', async () => {
    const unknownRoute = await harness.request('GET', '/api/nothing-here');
    expectError(unknownRoute, 404, 'not_found');
    const badBody = await editor('POST', '/api/connections', { name: 'x', type: 'postgres', devSource: 42, extra: true });
    expectError(badBody, 400, 'bad_input');
    assert.match(badBody.body.message, /body\.devSource/);
    assert.deepEqual(badBody.body.details.issues.map((issue: { path: string }) => issue.path).sort(), ['body', 'body.devSource']);
    const syntax = await editor('POST', '/api/connections', { name: 'broken', type: 'postgres', devSource: "{\n  host: 'a' port: 5432\n}" });
    expectError(syntax, 400, 'config_syntax');
    assert.deepEqual([syntax.body.details.line, syntax.body.details.mode], [2, 'dev']);
    const invalid = await editor('POST', '/api/connections', { name: 'invalid', type: 'postgres', devSource: "{ host: 'a', port: 'not a port' }" });
    expectError(invalid, 422, 'config_invalid');
    expectError(await editor('POST', '/api/connections', undefined, { 'content-type': 'application/json' }), 400, 'bad_input');
    const notJson = await harness.request('POST', '/api/connections', { token: harness.tokens.editor, rawBody: '{oops', headers: { 'content-type': 'application/json' } });
    expectError(notJson, 400, 'bad_input');
  });
});
