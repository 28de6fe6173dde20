import { it } from 'node:test';
import assert from 'node:assert/strict';
import { auditOf, createConnection, rejectsWith, unique, updateConnection } from './helpers.ts';
import type { UseStore } from './helpers.ts';
import type { SecretRecord, Store } from '../types.ts';

function putSecret(
  store: Store,
  name: string,
  by: string,
  values: { dev: string; prod?: string | null; description?: string },
): Promise<SecretRecord> {
  const { dev, prod = null, description = '' } = values;
  return store.secrets.put(
    { name, description, tags: ['db'], dev, prod, by },
    auditOf('secret.set', 'secret', name, by, { mode: prod === null ? 'dev' : 'prod' }),
  );
}

export function secretAndAuditCases(using: UseStore): void {
  it('puts, replaces, lists and deletes secrets, keeping createdAt on replace', using(async (store) => {
    const name = unique('DB_PASSWORD');
    const created = await putSecret(store, name, 'cli:alice', { dev: 'v1:a:b:c', description: 'first' });
    assert.equal(created.name, name);
    assert.equal(created.description, 'first');
    assert.deepEqual(created.tags, ['db']);
    assert.equal(created.dev, 'v1:a:b:c');
    assert.equal(created.prod, null);
    assert.equal(created.createdBy, 'cli:alice');
    assert.equal(created.updatedBy, 'cli:alice');
    assert.equal(created.createdAt, created.updatedAt);
    assert.deepEqual(await store.secrets.get(name), created);

    const replacement = { dev: 'v1:d:e:f', prod: 'v1:g:h:i', description: 'second' };
    const replaced = await putSecret(store, name, 'api:bob', replacement);
    assert.deepEqual(replaced, {
      ...created,
      description: 'second',
      dev: 'v1:d:e:f',
      prod: 'v1:g:h:i',
      updatedAt: replaced.updatedAt,
      updatedBy: 'api:bob',
    });
    assert.ok(replaced.updatedAt >= created.updatedAt);
    assert.deepEqual(await store.secrets.get(name), replaced);

    const other = unique('API_KEY');
    await putSecret(store, other, 'cli:alice', { dev: 'v1:x:y:z' });
    const names = (await store.secrets.list()).map((secret) => secret.name);
    assert.ok(names.includes(name) && names.includes(other));
    assert.deepEqual(names, [...names].sort());

    await store.secrets.delete(name, auditOf('secret.delete', 'secret', name, 'api:bob'));
    assert.equal(await store.secrets.get(name), undefined);
    assert.equal(await store.secrets.get(unique('NEVER')), undefined);
  }));

  it('updates only the given fields, so concurrent changes to different fields all survive', using(async (store) => {
    const name = unique('ROTATED');
    const created = await putSecret(store, name, 'cli:alice', { dev: 'v1:dev:0:0', description: 'kept' });
    await Promise.all([
      store.secrets.update(name, { dev: 'v1:dev:1:1' }, 'api:bob', auditOf('secret.set', 'secret', name, 'api:bob')),
      store.secrets.update(name, { prod: 'v1:prod:1:1' }, 'api:carol', auditOf('secret.set', 'secret', name, 'api:carol')),
      store.secrets.update(name, { tags: ['crm'] }, 'api:dave', auditOf('secret.update', 'secret', name, 'api:dave')),
    ]);
    const after = await store.secrets.get(name);
    assert.equal(after?.dev, 'v1:dev:1:1');
    assert.equal(after?.prod, 'v1:prod:1:1');
    assert.deepEqual(after?.tags, ['crm']);
    assert.equal(after?.description, 'kept');
    assert.equal(after?.createdAt, created.createdAt);
    const cleared = await store.secrets.update(name, { prod: null }, 'api:bob', auditOf('secret.clear', 'secret', name, 'api:bob'));
    assert.equal(cleared.prod, null);
    assert.equal(cleared.dev, 'v1:dev:1:1');
    await rejectsWith(
      store.secrets.update(unique('NEVER'), { description: 'x' }, 'api:bob', auditOf('secret.update', 'secret', name, 'api:bob')),
      'secret_not_found',
    );
  }));

  it('writes an audit entry for every change, newest first, and filters them', using(async (store) => {
    const actor = unique('cli:auditor');
    const connection = unique('orders');
    const secret = unique('TOKEN');
    const since = new Date().toISOString();
    await createConnection(store, connection, actor);
    const update = { by: actor, details: { changed: ['description'] } };
    await updateConnection(store, connection, 1, { description: 'x' }, update);
    const restore = { by: actor, action: 'restore', restoredFrom: 1, details: { restoredFrom: 1 } } as const;
    await updateConnection(store, connection, 2, {}, restore);
    await putSecret(store, secret, actor, { dev: 'v1:a:b:c' });
    await store.secrets.delete(secret, auditOf('secret.delete', 'secret', secret, actor));
    const tested = auditOf('connection.test', 'connection', connection, actor, { mode: 'dev', ok: true });
    const appended = await store.audit.append(tested);
    await store.connections.delete(connection, auditOf('connection.delete', 'connection', connection, actor));
    const until = new Date().toISOString();

    assert.deepEqual(appended, { ...tested, id: appended.id, at: appended.at });
    assert.equal(typeof appended.id, 'number');
    assert.ok(appended.at >= since && appended.at <= until);

    const byActor = await store.audit.list({ actor });
    assert.deepEqual(
      byActor.map((entry) => entry.action),
      [
        'connection.delete',
        'connection.test',
        'secret.delete',
        'secret.set',
        'connection.restore',
        'connection.update',
        'connection.create',
      ],
    );
    const ids = byActor.map((entry) => entry.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.deepEqual(byActor[3]?.details, { mode: 'dev' });
    assert.deepEqual(byActor[4]?.details, { restoredFrom: 1 });
    assert.deepEqual(byActor[5]?.details, { changed: ['description'] });
    assert.ok(byActor.every((entry) => entry.at >= since && entry.at <= until));

    const secretEntries = await store.audit.list({ actor, entityType: 'secret' });
    assert.deepEqual(
      secretEntries.map((entry) => [entry.action, entry.entityName]),
      [
        ['secret.delete', secret],
        ['secret.set', secret],
      ],
    );
    assert.equal((await store.audit.list({ entityType: 'connection', entityName: connection })).length, 5);
    const newestTwo = await store.audit.list({ actor, limit: 2 });
    assert.deepEqual(newestTwo.map((entry) => entry.action), ['connection.delete', 'connection.test']);
    assert.equal((await store.audit.list({ actor, since, until })).length, 7);
    assert.deepEqual(await store.audit.list({ actor, until: '2000-01-01T00:00:00.000Z' }), []);
    assert.deepEqual(await store.audit.list({ actor, since: '2999-01-01T00:00:00.000Z' }), []);
    const oldest = byActor.at(-1);
    assert.ok(oldest !== undefined);
    // since and until are inclusive.
    assert.equal((await store.audit.list({ actor, until: oldest.at })).at(-1)?.id, oldest.id);
    assert.equal((await store.audit.list({ actor, since: byActor[0]?.at })).at(0)?.id, byActor[0]?.id);
  }));

  it('lists at most 100 audit entries by default and at most 1000 when asked for more', using(async (store) => {
    const actor = unique('api:bulk');
    for (let index = 0; index < 1001; index += 1) {
      await store.audit.append(auditOf('connection.test', 'connection', 'bulk', actor, { index }));
    }
    const defaultPage = await store.audit.list({ actor });
    assert.equal(defaultPage.length, 100);
    assert.deepEqual(defaultPage[0]?.details, { index: 1000 });
    assert.equal((await store.audit.list({ actor, limit: 5000 })).length, 1000);
    await rejectsWith(store.audit.list({ actor, limit: 0 }), 'bad_input');
    await rejectsWith(store.audit.list({ actor, since: 'yesterday-ish' }), 'bad_input');
  }));
}
