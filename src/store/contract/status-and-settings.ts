import { it } from 'node:test';
import assert from 'node:assert/strict';
import { auditOf, createConnection, unique } from './helpers.ts';
import type { UseStore } from './helpers.ts';
import type { TestStatusRecord } from '../types.ts';

function status(connection: string, overrides: Partial<TestStatusRecord> = {}): TestStatusRecord {
  return {
    connection,
    mode: 'dev',
    ok: true,
    code: 'ok',
    message: 'Connected.',
    at: new Date().toISOString(),
    durationMs: 12,
    ...overrides,
  };
}

export function statusAndSettingsCases(using: UseStore): void {
  it('keeps the last test status per connection and mode, and lists one or all', using(async (store) => {
    const orders = unique('orders');
    const accounts = unique('accounts');
    await createConnection(store, orders);
    await createConnection(store, accounts);
    assert.deepEqual(await store.testStatus.list(orders), []);

    await store.testStatus.put(status(orders));
    const prodFailure = status(orders, { mode: 'prod', ok: false, code: 'auth_failed', message: 'Wrong password.' });
    await store.testStatus.put(prodFailure);
    const replaced = status(orders, { ok: false, code: 'timeout', message: 'No answer within 10 ms.', durationMs: 10 });
    await store.testStatus.put(replaced);
    const accountsStatus = status(accounts);
    await store.testStatus.put(accountsStatus);

    assert.deepEqual(await store.testStatus.list(orders), [replaced, prodFailure]);
    const all = await store.testStatus.list();
    assert.deepEqual(all.filter((entry) => entry.connection === orders), [replaced, prodFailure]);
    assert.deepEqual(all.filter((entry) => entry.connection === accounts), [accountsStatus]);
  }));

  it('drops test statuses with their connection and ignores one for a missing connection', using(async (store) => {
    const orders = unique('orders');
    await createConnection(store, orders);
    await store.testStatus.put(status(orders));
    await store.connections.delete(orders, auditOf('connection.delete', 'connection', orders, 'api:bob'));
    assert.deepEqual(await store.testStatus.list(orders), []);
    const missing = unique('missing');
    await store.testStatus.put(status(missing));
    assert.deepEqual(await store.testStatus.list(missing), []);
  }));

  it('puts and replaces settings with any JSON value, and audits each change', using(async (store) => {
    const key = unique('setting');
    const actor = unique('user:admin');
    const first = await store.settings.put(
      { key, value: 'prod', by: actor },
      auditOf('setting.update', 'setting', key, actor, { value: 'prod' }),
    );
    assert.deepEqual(first, { key, value: 'prod', updatedAt: first.updatedAt, updatedBy: actor });
    const value = { nested: [1, true, null] };
    const second = await store.settings.put(
      { key, value, by: 'user:root' },
      auditOf('setting.update', 'setting', key, 'user:root', { value }),
    );
    assert.deepEqual(second.value, value);
    assert.equal(second.updatedBy, 'user:root');
    const listed = (await store.settings.list()).filter((setting) => setting.key === key);
    assert.deepEqual(listed, [second]);
    const entries = await store.audit.list({ entityType: 'setting', entityName: key });
    assert.deepEqual(entries.map((entry) => [entry.actor, entry.details]), [['user:root', { value }], [actor, { value: 'prod' }]]);
  }));
}
