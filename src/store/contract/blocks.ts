import { it } from 'node:test';
import assert from 'node:assert/strict';
import { auditOf, isVersionConflict, rejectsWith, unique } from './helpers.ts';
import type { UseStore } from './helpers.ts';
import type { BlockRecord, Store } from '../types.ts';

const code = 'async function (input) { return input; }';

function createBlock(store: Store, name: string, actor = 'cli:alice'): Promise<BlockRecord> {
  return store.blocks.create(
    { name, description: 'Echo', code, retrySafe: false, by: actor },
    auditOf('block.create', 'block', name, actor, { version: 1 }),
  );
}

function updateBlock(store: Store, name: string, expectedVersion: number, description: string, by = 'api:bob', retrySafe = false): Promise<BlockRecord> {
  return store.blocks.update(
    { name, description, code, retrySafe, by, expectedVersion },
    auditOf('block.update', 'block', name, by, { version: expectedVersion + 1 }),
  );
}

export function blockCases(using: UseStore): void {
  it('creates a block at version 1, reads it back and lists it by name, audited as a block', using(async (store) => {
    const name = unique('load');
    const created = await createBlock(store, name);
    assert.deepEqual(created, {
      name,
      description: 'Echo',
      code,
      retrySafe: false,
      version: 1,
      createdAt: created.createdAt,
      createdBy: 'cli:alice',
      updatedAt: created.createdAt,
      updatedBy: 'cli:alice',
    });
    assert.deepEqual(await store.blocks.get(name), created);
    assert.deepEqual((await store.blocks.list()).filter((block) => block.name === name), [created]);
    assert.equal(await store.blocks.get(unique('missing')), undefined);
    const entries = await store.audit.list({ entityType: 'block', entityName: name });
    assert.deepEqual(entries.map((entry) => [entry.action, entry.details]), [['block.create', { version: 1 }]]);
    await rejectsWith(createBlock(store, name), 'name_taken', `A block named "${name}" already exists.`);
    assert.equal((await store.audit.list({ entityType: 'block', entityName: name })).length, 1, 'a refused create is not audited');
  }));

  it('updates a block by compare-and-set on its version, keeping who created it', using(async (store) => {
    const name = unique('load');
    await createBlock(store, name);
    const updated = await updateBlock(store, name, 1, 'Second');
    assert.equal(updated.version, 2);
    assert.equal(updated.description, 'Second');
    assert.equal(updated.createdBy, 'cli:alice');
    assert.equal(updated.updatedBy, 'api:bob');
    await rejectsWith(
      updateBlock(store, name, 1, 'Stale'),
      'version_conflict',
      `Block "${name}" was changed by someone else: you sent version 1, the current version is 2. Reload and apply your change again.`,
    );
    assert.deepEqual(await store.blocks.get(name), updated);
    await rejectsWith(updateBlock(store, unique('missing'), 1, 'x'), 'block_not_found');
    assert.equal((await store.audit.list({ entityType: 'block', entityName: name })).length, 2);
  }));

  it('keeps whether a block is retry-safe, as each save sets it', using(async (store) => {
    const name = unique('load');
    await createBlock(store, name);
    const declared = await updateBlock(store, name, 1, 'Idempotent', 'api:bob', true);
    assert.equal(declared.retrySafe, true);
    assert.equal((await store.blocks.get(name))?.retrySafe, true);
    assert.equal((await store.blocks.list()).find((block) => block.name === name)?.retrySafe, true);
    const withdrawn = await updateBlock(store, name, 2, 'Not any more', 'api:bob', false);
    assert.equal(withdrawn.retrySafe, false);
    assert.equal((await store.blocks.get(name))?.retrySafe, false);
  }));

  it('lets exactly one of 10 concurrent block updates from the same version succeed', using(async (store) => {
    const name = unique('load');
    await createBlock(store, name);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => updateBlock(store, name, 1, `writer ${index}`, `api:writer-${index}`)),
    );
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    assert.equal(succeeded.length, 1);
    assert.equal(outcomes.filter((outcome) => outcome.status === 'rejected' && isVersionConflict(outcome.reason)).length, 9);
    assert.deepEqual(await store.blocks.get(name), succeeded[0]?.value);
  }));

  it('deletes a block with an audit entry; deleting it again is block_not_found', using(async (store) => {
    const name = unique('load');
    await createBlock(store, name);
    await store.blocks.delete(name, auditOf('block.delete', 'block', name, 'api:bob'));
    assert.equal(await store.blocks.get(name), undefined);
    await rejectsWith(store.blocks.delete(name, auditOf('block.delete', 'block', name, 'api:bob')), 'block_not_found', `Block "${name}" does not exist.`);
    const entries = await store.audit.list({ entityType: 'block', entityName: name });
    assert.deepEqual(entries.map((entry) => entry.action), ['block.delete', 'block.create']);
  }));
}
