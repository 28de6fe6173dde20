import { it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from './index.ts';
import { databaseAtVersion } from './old-database.fixture.ts';


it('upgrades a version 1 database: audit entries keep their ids and the log accepts users, tokens and settings', async () => {
  const { file, old } = await databaseAtVersion(1);
  const insert = old.prepare(
    `INSERT INTO audit_log (at, actor, action, entity_type, entity_name, details)
     VALUES ('2024-05-01T00:00:00.000Z', 'cli:alice', ?, 'connection', 'orders', '{"version":1}')`,
  );
  for (const action of ['connection.create', 'connection.update', 'connection.test']) insert.run(action);
  assert.throws(() => old.exec(
    `INSERT INTO audit_log (at, actor, action, entity_type, entity_name, details)
     VALUES ('2024-05-01T00:00:00.000Z', 'user:admin', 'user.create', 'user', 'bob', '{}')`,
  ), /CHECK constraint failed/);
  const before = old.prepare('SELECT * FROM audit_log ORDER BY id').all();
  old.close();

  const store = await openSqliteStore({ file });
  try {
    const kept = await store.audit.list({ actor: 'cli:alice' });
    assert.deepEqual(kept.map((entry) => entry.id), [3, 2, 1]);
    assert.deepEqual(kept.map((entry) => entry.action), ['connection.test', 'connection.update', 'connection.create']);
    assert.equal(kept.length, before.length);
    assert.deepEqual(kept[2]?.details, { version: 1 });
    for (const entityType of ['user', 'token', 'setting'] as const) {
      const entry = await store.audit.append({ actor: 'user:admin', action: `${entityType}.x`, entityType, entityName: 'n', details: {} });
      assert.equal(entry.entityType, entityType);
    }
    assert.deepEqual((await store.audit.list({ actor: 'user:admin' })).map((entry) => entry.id), [6, 5, 4]);
    await assert.rejects(
      store.audit.append({ actor: 'x', action: 'y', entityType: 'run' as 'user', entityName: 'n', details: {} }),
      /CHECK constraint failed/,
    );
  } finally {
    await store.close();
  }
});
