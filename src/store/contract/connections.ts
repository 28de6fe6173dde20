import { it } from 'node:test';
import assert from 'node:assert/strict';
import { isZiggyError } from '../../core/errors.ts';
import { allFields, auditOf, createConnection, fields, rejectsWith, unique, updateConnection } from './helpers.ts';
import type { UseStore } from './helpers.ts';
import type { ConnectionRecord } from '../types.ts';

function fieldsOf(record: ConnectionRecord): unknown {
  const { type, description, tags, devSource, prodSource } = record;
  return { type, description, tags, devSource, prodSource };
}

export function connectionCases(using: UseStore): void {
  it('creates a connection at version 1 with revision 1, and reads it back', using(async (store) => {
    const name = unique('orders');
    const created = await createConnection(store, name);
    assert.equal(created.name, name);
    assert.equal(created.version, 1);
    assert.deepEqual(fieldsOf(created), fields());
    assert.equal(created.createdBy, 'cli:alice');
    assert.equal(created.updatedBy, 'cli:alice');
    assert.equal(created.createdAt, created.updatedAt);
    assert.ok(!Number.isNaN(Date.parse(created.createdAt)));
    assert.deepEqual(await store.connections.get(name), created);
    assert.equal(await store.connections.get(unique('missing')), undefined);

    const other = unique('accounts');
    await createConnection(store, other);
    const names = (await store.connections.list()).map((record) => record.name);
    assert.ok(names.includes(name) && names.includes(other));
    assert.deepEqual(names, [...names].sort());

    const revisions = await store.connections.revisions(name);
    assert.equal(revisions.length, 1);
    assert.deepEqual(revisions[0], {
      connection: name,
      revision: 1,
      action: 'create',
      at: created.createdAt,
      by: 'cli:alice',
      changed: allFields,
      snapshot: fields(),
    });
    assert.deepEqual(await store.connections.revision(name, 1), revisions[0]);
    assert.equal(await store.connections.revision(name, 2), undefined);
  }));

  it('refuses a taken name with name_taken and writes nothing', using(async (store) => {
    const name = unique('orders');
    const created = await createConnection(store, name);
    await rejectsWith(
      store.connections.create(
        { name, fields: fields({ description: 'other' }), by: 'cli:bob' },
        auditOf('connection.create', 'connection', name, 'cli:bob'),
      ),
      'name_taken',
      `A connection named "${name}" already exists.`,
    );
    assert.deepEqual(await store.connections.get(name), created);
    assert.equal((await store.connections.revisions(name)).length, 1);
    assert.deepEqual((await store.audit.list({ entityName: name })).map((entry) => entry.actor), ['cli:alice']);
  }));

  it('updates with the current version: bumps it and records the changed fields', using(async (store) => {
    const name = unique('orders');
    const created = await createConnection(store, name);
    const first = await updateConnection(store, name, 1, { tags: ['erp', 'finance'], devSource: '{ host: "db2" }' });
    assert.equal(first.version, 2);
    assert.equal(first.updatedBy, 'api:bob');
    assert.equal(first.createdBy, created.createdBy);
    assert.equal(first.createdAt, created.createdAt);
    assert.ok(first.updatedAt >= created.updatedAt);
    assert.deepEqual(first.tags, ['erp', 'finance']);
    assert.deepEqual(await store.connections.get(name), first);

    const withProd = { tags: ['erp', 'finance'], devSource: '{ host: "db2" }', prodSource: '{ host: "db.prod" }' };
    const second = await updateConnection(store, name, 2, withProd);
    // Same tags in another order is a change: tags compare as arrays.
    const third = await updateConnection(store, name, 3, { ...withProd, tags: ['finance', 'erp'] });
    assert.equal(second.version, 3);
    assert.equal(third.version, 4);

    // Newest first.
    const revisions = await store.connections.revisions(name);
    assert.deepEqual(
      revisions.map((revision) => [revision.revision, revision.action, revision.changed]),
      [
        [4, 'update', ['tags']],
        [3, 'update', ['prodSource']],
        [2, 'update', ['tags', 'devSource']],
        [1, 'create', allFields],
      ],
    );
    assert.deepEqual(revisions[0]?.snapshot, fields({ ...withProd, tags: ['finance', 'erp'] }));
    assert.equal(revisions[0]?.by, 'api:bob');
    assert.equal(revisions[0]?.at, third.updatedAt);
    assert.equal(revisions[0]?.restoredFrom, undefined);
    assert.deepEqual(await store.connections.revision(name, 2), revisions[2]);
  }));

  it('refuses a stale version with version_conflict and changes nothing', using(async (store) => {
    const name = unique('orders');
    await createConnection(store, name);
    const current = await updateConnection(store, name, 1, { description: 'v2' });
    const revisionsBefore = await store.connections.revisions(name);
    const auditBefore = await store.audit.list({ entityName: name });

    const stale = updateConnection(store, name, 1, { description: 'lost?' }, { by: 'cli:carol' });
    await assert.rejects(stale, (error: unknown) => {
      assert.ok(isZiggyError(error));
      assert.equal(error.id, 'version_conflict');
      assert.equal(error.status, 409);
      assert.equal(
        error.message,
        `Connection "${name}" was changed by someone else: you sent version 1, the current version is 2. ` +
          'Reload and apply your change again.',
      );
      assert.deepEqual(error.details, { name, expected: 1, current: 2 });
      return true;
    });
    await rejectsWith(updateConnection(store, name, 7, {}, { by: 'cli:carol' }), 'version_conflict');
    assert.deepEqual(await store.connections.get(name), current);
    assert.deepEqual(await store.connections.revisions(name), revisionsBefore);
    assert.deepEqual(await store.audit.list({ entityName: name }), auditBefore);
  }));

  it('records a restore with the revision it restored', using(async (store) => {
    const name = unique('orders');
    await createConnection(store, name);
    await updateConnection(store, name, 1, { description: 'changed', tags: [] });
    const original = await store.connections.revision(name, 1);
    assert.ok(original !== undefined);
    const restored = await updateConnection(store, name, 2, original.snapshot, {
      by: 'user:admin',
      action: 'restore',
      restoredFrom: 1,
    });
    assert.equal(restored.version, 3);
    assert.deepEqual(fieldsOf(restored), fields());
    const revision = await store.connections.revision(name, 3);
    assert.equal(revision?.action, 'restore');
    assert.equal(revision?.restoredFrom, 1);
    assert.equal(revision?.by, 'user:admin');
    assert.deepEqual(revision?.changed, ['description', 'tags']);
    assert.deepEqual(revision?.snapshot, fields());
  }));

  it('deletes a connection with its revisions', using(async (store) => {
    const name = unique('orders');
    await createConnection(store, name);
    await updateConnection(store, name, 1, { description: 'v2' });
    await store.connections.delete(name, auditOf('connection.delete', 'connection', name, 'api:bob'));
    assert.equal(await store.connections.get(name), undefined);
    assert.ok(!(await store.connections.list()).some((record) => record.name === name));
    assert.deepEqual(await store.connections.revisions(name), []);
    assert.equal(await store.connections.revision(name, 1), undefined);

    const again = await createConnection(store, name);
    assert.equal(again.version, 1);
    assert.deepEqual((await store.connections.revisions(name)).map((revision) => revision.revision), [1]);
  }));

  it('reports missing connections and secrets with not-found errors and audits nothing', using(async (store) => {
    const name = unique('missing');
    const notFound = `Connection "${name}" does not exist.`;
    await rejectsWith(updateConnection(store, name, 1, {}), 'connection_not_found', notFound);
    await rejectsWith(
      store.connections.delete(name, auditOf('connection.delete', 'connection', name, 'api:bob')),
      'connection_not_found',
      notFound,
    );
    await rejectsWith(
      store.secrets.delete(name, auditOf('secret.delete', 'secret', name, 'api:bob')),
      'secret_not_found',
      `Secret "${name}" does not exist.`,
    );
    assert.deepEqual(await store.audit.list({ entityName: name }), []);
  }));
}
