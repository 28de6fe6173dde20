import { it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from './index.ts';
import { databaseAtVersion } from './old-database.fixture.ts';


it('upgrades a version 2 database: audit entries keep their ids, the log accepts blocks, runs are stored', async () => {
  const { file, old } = await databaseAtVersion(2);
  const insert = old.prepare(
    `INSERT INTO audit_log (at, actor, action, entity_type, entity_name, details)
     VALUES ('2024-05-01T00:00:00.000Z', 'user:admin', ?, 'setting', 'defaultMode', '{}')`,
  );
  for (const action of ['setting.update', 'setting.update', 'setting.update']) insert.run(action);
  // The newest entry is gone: the next id must still be 4, never reused.
  old.exec('DELETE FROM audit_log WHERE id = 3');
  assert.throws(() => old.exec(
    `INSERT INTO audit_log (at, actor, action, entity_type, entity_name, details)
     VALUES ('2024-05-01T00:00:00.000Z', 'user:admin', 'block.create', 'block', 'load', '{}')`,
  ), /CHECK constraint failed/);
  old.close();

  const store = await openSqliteStore({ file });
  try {
    assert.deepEqual((await store.audit.list({ actor: 'user:admin' })).map((entry) => entry.id), [2, 1]);
    const created = await store.blocks.create(
      { name: 'load', description: '', code: 'async function () {}', retrySafe: false, by: 'user:admin' },
      { actor: 'user:admin', action: 'block.create', entityType: 'block', entityName: 'load', details: { version: 1 } },
    );
    assert.equal(created.version, 1);
    assert.deepEqual((await store.audit.list({ entityType: 'block' })).map((entry) => entry.id), [4]);
    const run = {
      id: 'r1', target: { kind: 'code' as const, codeHash: 'x' }, mode: 'dev' as const, startedBy: 'user:admin',
      startedAt: '2024-05-01T00:00:00.000Z', durationMs: 1, status: 'ok' as const, outputs: [], console: [], truncated: false,
    };
    await store.runs.insert(run);
    assert.deepEqual(await store.runs.get('r1'), run);
  } finally {
    await store.close();
  }
});
