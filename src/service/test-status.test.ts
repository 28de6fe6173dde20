import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTempServices, postgresSource, type TempServices } from '../../test/support/temp-services.ts';

const actor = 'test:alice';
// The host is a secret here so that the "could not be found" message carries a secret value.
const secretHost = 'no-such-host-ziggy-7f3a.invalid';

describe('last test status of saved connections', () => {
  let temp: TempServices;
  before(async () => {
    temp = await openTempServices();
    const { secrets, connections } = temp.services;
    await secrets.set({ name: 'PG_PASSWORD', value: 'unused-with-trust-auth', mode: 'dev' }, actor);
    await secrets.set({ name: 'DB_HOST', value: secretHost, mode: 'dev' }, actor);
    await connections.create({ name: 'orders', type: 'postgres', devSource: postgresSource() }, actor);
    await connections.create(
      {
        name: 'unknown-host',
        type: 'postgres',
        devSource: `{ host: secrets.DB_HOST, user: 'postgres', password: secrets.PG_PASSWORD, database: 'test' }`,
      },
      actor,
    );
    await connections.create({ name: 'untested', type: 'postgres', devSource: postgresSource() }, actor);
  });
  after(() => temp.dispose());

  it('starts with no status', async () => {
    assert.deepEqual((await temp.services.connections.get('orders')).lastTest, {});
  });

  it('records each test of a saved connection per mode and shows it in list and get', async () => {
    const { connections } = temp.services;
    const dev = await connections.test('orders', { mode: 'dev' }, actor);
    const prod = await connections.test('orders', { mode: 'prod', timeoutMs: 5000 }, actor);
    const failed = await connections.test('unknown-host', { mode: 'dev' }, actor);
    assert.equal(dev.ok, true, dev.message);
    assert.equal(failed.ok, false);

    const view = await connections.get('orders');
    assert.deepEqual(Object.keys(view.lastTest).sort(), ['dev', 'prod']);
    assert.deepEqual(view.lastTest.dev, {
      ok: true,
      code: dev.code,
      message: dev.message,
      at: view.lastTest.dev?.at,
      durationMs: dev.durationMs,
    });
    assert.equal(view.lastTest.prod?.ok, prod.ok);
    assert.ok(Date.now() - Date.parse(view.lastTest.dev?.at ?? '') < 60_000);

    const listed = new Map((await connections.list()).map((summary) => [summary.name, summary.lastTest]));
    assert.deepEqual(listed.get('orders'), view.lastTest);
    assert.deepEqual(listed.get('unknown-host'), { dev: { ...(await connections.get('unknown-host')).lastTest.dev } });
    assert.equal(listed.get('unknown-host')?.dev?.ok, false);
    assert.deepEqual(listed.get('untested'), {});
  });

  it('stores the redacted message, never a secret value', async () => {
    const { connections, store } = temp.services;
    const outcome = await connections.test('unknown-host', { mode: 'dev' }, actor);
    assert.equal(outcome.ok, false);
    assert.match(outcome.message, /\[secret\]/, outcome.message);
    const [stored] = await store.testStatus.list('unknown-host');
    assert.equal(stored?.message, outcome.message);
    assert.ok(!stored?.message.includes(secretHost));
  });

  it('replaces the status with the newest test, keeps it across an update, and records no draft test', async () => {
    const { connections } = temp.services;
    await connections.update('orders', { devSource: postgresSource({ port: 1 }) }, actor);
    const { connection } = await connections.update('orders', { description: 'kept' }, actor);
    assert.equal(connection.lastTest.dev?.ok, true, 'the last test stays until the next one');
    const refused = await connections.test('orders', { mode: 'dev', timeoutMs: 5000 }, actor);
    assert.equal(refused.code, 'connection_refused');
    assert.equal((await connections.get('orders')).lastTest.dev?.code, 'connection_refused');
    await connections.testDraft({ type: 'postgres', source: postgresSource() }, { mode: 'dev' }, actor);
    assert.equal((await connections.get('orders')).lastTest.dev?.code, 'connection_refused');
  });

  it('forgets the status with the connection', async () => {
    const { connections, store } = temp.services;
    await connections.delete('unknown-host', actor);
    assert.deepEqual(await store.testStatus.list('unknown-host'), []);
  });
});
