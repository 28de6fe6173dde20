import { it } from 'node:test';
import assert from 'node:assert/strict';
import { auditOf, createConnection, fields, isVersionConflict, unique, updateConnection } from './helpers.ts';
import type { UseStore } from './helpers.ts';

export function concurrencyCases(using: UseStore): void {
  it('lets exactly one of 20 concurrent updates from the same version succeed', using(async (store) => {
    const name = unique('orders');
    await createConnection(store, name);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        updateConnection(store, name, 1, { description: `writer ${index}` }, { by: `api:writer-${index}` }),
      ),
    );
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const conflicts = outcomes.filter((outcome) => outcome.status === 'rejected' && isVersionConflict(outcome.reason));
    assert.equal(succeeded.length, 1);
    assert.equal(conflicts.length, 19);
    const winner = succeeded[0]?.value;
    assert.equal(winner?.version, 2);
    assert.deepEqual(await store.connections.get(name), winner);
    assert.deepEqual((await store.connections.revisions(name)).map((revision) => revision.revision), [2, 1]);
    assert.equal((await store.audit.list({ entityName: name, entityType: 'connection' })).length, 2);
  }));

  it('loses no update when concurrent writers read, modify and retry on conflict', using(async (store) => {
    const name = unique('counter');
    await store.connections.create(
      { name, fields: fields({ description: '0' }), by: 'api:setup' },
      auditOf('connection.create', 'connection', name, 'api:setup'),
    );
    const writers = 5;
    const incrementsEach = 10;
    const increment = async (writer: number): Promise<void> => {
      for (;;) {
        const current = await store.connections.get(name);
        assert.ok(current !== undefined);
        const description = String(Number(current.description) + 1);
        try {
          await updateConnection(store, name, current.version, { description }, { by: `api:writer-${writer}` });
          return;
        } catch (error) {
          if (!isVersionConflict(error)) throw error;
        }
      }
    };
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let count = 0; count < incrementsEach; count += 1) await increment(writer);
      }),
    );
    const final = await store.connections.get(name);
    assert.equal(final?.description, String(writers * incrementsEach));
    assert.equal(final?.version, writers * incrementsEach + 1);
    assert.equal((await store.connections.revisions(name)).length, writers * incrementsEach + 1);
  }));
}
