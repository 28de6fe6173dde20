import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { principalFor, startHarness, type Harness } from './harness.ts';

/** Through a real server: a user who edits dev and only operates prod cannot touch prod's config, values or run code there. */
describe('roles per mode', () => {
  let harness: Harness;
  let split: string;
  const prodCanary = 'prod-canary-4f1c2a9e';
  before(async () => {
    harness = await startHarness();
    const { services } = harness.server;
    const admin = principalFor('admin', 'admin');
    await services.users.create(
      { username: 'dana', password: `dana-${harness.adminPassword}`, roles: { dev: 'editor', prod: 'operator' } },
      admin.actor,
    );
    split = (await services.tokens.create(admin, { name: 'dana-cli', username: 'dana' })).token;
    await services.secrets.set({ name: 'PGPW', value: 'dev-value', mode: 'dev' }, admin.actor);
    await services.secrets.set({ name: 'PGPW', value: prodCanary, mode: 'prod' }, admin.actor);
    await services.connections.create(
      {
        name: 'db',
        type: 'postgres',
        devSource: "{ host: '127.0.0.1', user: 'dev', password: secrets.PGPW }",
        prodSource: "{ host: 'prod.internal', user: 'etl', password: secrets.PGPW }",
      },
      admin.actor,
    );
    await services.connections.create({ name: 'shared', type: 'postgres', devSource: "{ host: 'shared.internal' }" }, admin.actor);
    await services.blocks.save({ name: 'answer', code: 'async function () { return 42; }' }, admin.actor);
  });
  after(() => harness.close());

  const call = (method: string, path: string, body?: unknown, token = split) => harness.request(method, path, { token, body });

  test('reads the dev config source but not the prod one, which the connection view leaves out', async () => {
    assert.equal((await call('GET', '/api/connections/db/sources/dev')).body.source, "{ host: '127.0.0.1', user: 'dev', password: secrets.PGPW }");
    const prod = await call('GET', '/api/connections/db/sources/prod');
    assert.equal(prod.status, 403);
    assert.match(prod.body.message, /needs the "write" permission in prod, which your role there \("operator"\)/);
    const view = await call('GET', '/api/connections/db');
    assert.equal(view.status, 200);
    assert.equal(view.body.prodSource, null);
    assert.deepEqual(view.body.hiddenSources, ['prod']);
    assert.ok(!view.text.includes('prod.internal'));
    const revisions = await call('GET', '/api/connections/db/revisions');
    assert.ok(!revisions.text.includes('prod.internal'));
    assert.equal((await call('GET', '/api/connections/db/sources/prod', undefined, harness.tokens.editor)).body.source.includes('prod.internal'), true);
  });

  test('changes the dev config, but not the prod one, nor a dev config that prod uses', async () => {
    assert.equal((await call('PATCH', '/api/connections/db', { prodSource: "{ host: 'evil.example' }" })).status, 403);
    assert.equal((await call('PATCH', '/api/connections/db', { prodSource: null })).status, 403);
    const dev = await call('PATCH', '/api/connections/db', { devSource: "{ host: 'localhost', user: 'dev', password: secrets.PGPW }" });
    assert.equal(dev.status, 200);
    assert.equal(dev.body.connection.prodSource, null, 'the reply leaves the prod source out too');
    const fallback = await call('PATCH', '/api/connections/shared', { devSource: "{ host: 'evil.example', password: secrets.PGPW }" });
    assert.equal(fallback.status, 403);
    assert.match(fallback.body.message, /prod uses its dev source/);
    assert.equal((await harness.server.services.connections.get('shared')).devSource, "{ host: 'shared.internal' }");
    assert.equal((await call('POST', '/api/connections', { name: 'fresh', type: 'postgres', devSource: '{}' })).status, 403);
  });

  test('sets and clears dev values only: prod values are refused', async () => {
    assert.equal((await call('PUT', '/api/secrets/PGPW', { value: 'stolen', mode: 'prod' })).status, 403);
    assert.equal((await call('DELETE', '/api/secrets/PGPW/prod')).status, 403);
    assert.equal((await call('PUT', '/api/secrets/PGPW', { value: 'new-dev-value', mode: 'dev' })).status, 200);
    assert.equal(await harness.server.services.secretValues.value('PGPW', 'prod'), prodCanary);
  });

  test('runs code sent with the request in dev, not in prod; runs saved blocks in both', async () => {
    const code = 'async function () { return secrets.PGPW; }';
    const prod = await call('POST', '/api/blocks/run', { code, mode: 'prod' });
    assert.equal(prod.status, 403);
    assert.ok(!prod.text.includes(prodCanary));
    assert.equal((await call('POST', '/api/blocks/run', { code: 'async function () { return 1; }', mode: 'dev' })).status, 200);
    assert.equal((await call('POST', '/api/blocks/answer/run?mode=prod')).body.result, 42);
    assert.equal((await call('POST', '/api/connections/db/test', { mode: 'prod', timeoutMs: 2000 })).status, 200, 'an operator tests saved connections');
    assert.equal((await call('POST', '/api/connections/test', { type: 'postgres', source: '{}', mode: 'prod' })).status, 403);
  });

  test('an operator gets 403 for code sent with the request and 200 for a saved block', async () => {
    const adhoc = await call('POST', '/api/blocks/run', { code: 'async function () { return 1; }', mode: 'dev' }, harness.tokens.operator);
    assert.equal(adhoc.status, 403);
    assert.match(adhoc.body.message, /needs the "write" permission in the mode it acts in, which your roles \(operator\) do not give/);
    const saved = await call('POST', '/api/blocks/answer/run', undefined, harness.tokens.operator);
    assert.equal(saved.status, 200);
    assert.equal(saved.body.result, 42);
  });

  test('a call that names no mode acts in the server-wide default mode', async () => {
    assert.equal((await call('POST', '/api/blocks/run', { code: 'async function () { return 1; }' })).status, 200);
    assert.equal((await call('PUT', '/api/settings', { defaultMode: 'prod' }, harness.tokens.admin)).status, 200);
    try {
      assert.equal((await call('POST', '/api/blocks/run', { code: 'async function () { return 1; }' })).status, 403);
      assert.equal((await call('PATCH', '/api/secrets/PGPW', { description: 'x' })).status, 403);
    } finally {
      await call('PUT', '/api/settings', { defaultMode: 'dev' }, harness.tokens.admin);
    }
    // Changing the default mode needs admin in every mode.
    assert.equal((await call('PUT', '/api/settings', { defaultMode: 'prod' })).status, 403);
  });

  test('roles per mode over the users API, audited; a token follows a later demotion at its next use', async () => {
    const admin = harness.tokens.admin;
    const created = await call('POST', '/api/users', { username: 'erik', password: `erik-${harness.adminPassword}`, role: 'editor' }, admin);
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.roles, { dev: 'editor', prod: 'editor' });
    const erik = (await harness.server.services.tokens.create(principalFor('admin', 'admin'), { name: 'e', username: 'erik' })).token;
    assert.equal((await call('GET', '/api/connections/db/sources/prod', undefined, erik)).status, 200);
    const demoted = await call('PATCH', '/api/users/erik', { roles: { prod: 'operator' } }, admin);
    assert.deepEqual(demoted.body.roles, { dev: 'editor', prod: 'operator' });
    assert.equal((await call('GET', '/api/connections/db/sources/prod', undefined, erik)).status, 403);
    assert.deepEqual((await call('GET', '/api/auth/me', undefined, erik)).body.user.roles, { dev: 'editor', prod: 'operator' });
    const audit = await call('GET', '/api/audit?entityName=erik&entityType=user', undefined, admin);
    const update = audit.body.entries.find((entry: { action: string }) => entry.action === 'user.update');
    assert.deepEqual(update.details.roles, { dev: 'editor', prod: 'operator' });
    assert.deepEqual(update.details.previousRoles, { dev: 'editor', prod: 'editor' });
    assert.equal((await call('POST', '/api/users', { username: 'x', password: 'long enough pw', role: 'editor', roles: { dev: 'editor', prod: 'editor' } }, admin)).status, 400);
  });
});
