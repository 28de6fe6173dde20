import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ZiggyError } from '../core/index.ts';
import { actor } from './runs-fixture.ts';
import { openTempServices, type TempServices } from '../../test/support/temp-services.ts';
import { rejectsWith } from '../../test/support/rejects-with.ts';

const code = 'async function (input) {\n  return input;\n}';

let fixture: TempServices;
before(async () => {
  fixture = await openTempServices();
});
after(() => fixture.dispose());

const blocks = () => fixture.services.blocks;

describe('block service', () => {
  it('saves a new block at version 1, lists and gets it, and audits the save', async () => {
    const saved = await blocks().save({ name: 'echo', description: '  Returns its input ', code }, actor);
    assert.deepEqual(saved, {
      name: 'echo',
      description: 'Returns its input',
      code,
      retrySafe: false,
      version: 1,
      createdAt: saved.createdAt,
      updatedAt: saved.createdAt,
      updatedBy: actor,
    });
    assert.deepEqual(await blocks().get('echo'), saved);
    assert.deepEqual(await blocks().list(), [saved]);
    const entries = await fixture.services.audit.list({ entityType: 'block', entityName: 'echo' });
    assert.deepEqual(entries.map((entry) => [entry.action, entry.actor, entry.details]), [['block.create', actor, { version: 1 }]]);
  });

  it('keeps the retry-safe declaration until a save changes it, auditing each change', async () => {
    assert.equal((await blocks().save({ name: 'upsert', code, retrySafe: true }, actor)).retrySafe, true);
    assert.equal((await blocks().save({ name: 'upsert', code, description: 'Upserts by key' }, actor)).retrySafe, true, 'left out, it stays');
    assert.equal((await blocks().save({ name: 'upsert', code, retrySafe: false }, actor)).retrySafe, false);
    const entries = await fixture.services.audit.list({ entityType: 'block', entityName: 'upsert' });
    assert.deepEqual(
      entries.map((entry) => entry.details).reverse(),
      [{ version: 1, retrySafe: true }, { version: 2 }, { version: 3, retrySafe: false }],
    );
    await assert.rejects(
      blocks().save({ name: 'upsert', code, retrySafe: 'yes' as unknown as boolean }, actor),
      rejectsWith('bad_input', (error) => assert.equal(error.message, 'Block "upsert": retrySafe must be true or false.')),
    );
  });

  it('refuses code that is not one function, with the line and column, and saves nothing', async () => {
    await assert.rejects(
      blocks().save({ name: 'broken', code: 'async function () {\n  return 1 +;\n}' }, actor),
      rejectsWith('bad_input', (error) => {
        assert.match(error.message, /^Block "broken": Line 2, column 13: /);
        assert.deepEqual(error.details, { line: 2, column: 13, field: 'code' });
      }),
    );
    await assert.rejects(
      blocks().save({ name: 'two', code: '42' }, actor),
      rejectsWith('bad_input', (error) => assert.match(error.message, /a block is one function/)),
    );
    await assert.rejects(blocks().get('broken'), rejectsWith('block_not_found', (error) => assert.equal(error.message, 'Block "broken" does not exist.')));
    await assert.rejects(blocks().save({ name: '9lives', code }, actor), rejectsWith('name_invalid', (error) => assert.match(error.message, /^Block name "9lives" is not allowed/)));
  });

  it('applies a save with the version last seen, and refuses one based on a stale version', async () => {
    const first = await blocks().save({ name: 'load', code }, actor);
    const second = await blocks().save({ name: 'load', code: 'async function () { return 2; }', version: first.version }, 'test:bob');
    assert.equal(second.version, 2);
    assert.equal(second.updatedBy, 'test:bob');
    await assert.rejects(
      blocks().save({ name: 'load', code, version: 1 }, actor),
      rejectsWith('version_conflict', (error) => assert.match(error.message, /you sent version 1, the current version is 2/)),
    );
    const unversioned = await blocks().save({ name: 'load', code }, actor);
    assert.equal(unversioned.version, 3);
    assert.equal(unversioned.code, code);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) => blocks().save({ name: 'load', code: `async function () { return ${index}; }`, version: 3 }, `test:writer-${index}`)),
    );
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') assert.equal((outcome.reason as ZiggyError).id, 'version_conflict');
    }
    assert.equal((await blocks().get('load')).version, 4);
  });

  it('deletes a block; a save with a version for a deleted block is block_not_found', async () => {
    const saved = await blocks().save({ name: 'gone', code }, actor);
    await blocks().delete('gone', actor);
    await assert.rejects(blocks().get('gone'), rejectsWith('block_not_found'));
    await assert.rejects(blocks().delete('gone', actor), rejectsWith('block_not_found'));
    await assert.rejects(blocks().save({ name: 'gone', code, version: saved.version }, actor), rejectsWith('block_not_found'));
    const entries = await fixture.services.audit.list({ entityType: 'block', entityName: 'gone' });
    assert.deepEqual(entries.map((entry) => entry.action), ['block.delete', 'block.create']);
  });
});
