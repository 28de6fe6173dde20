import { it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from './index.ts';
import { migrations } from './migrations.ts';
import { databaseAtVersion } from './old-database.fixture.ts';


it('upgrades a version 5 database: saved blocks stay, none of them retry-safe', async () => {
  const { file, old } = await databaseAtVersion(5);
  old.exec(
    `INSERT INTO blocks (name, description, code, version, created_at, created_by, updated_at, updated_by)
     VALUES ('load', 'Loads', 'async function () {}', 3, '2024-05-01T00:00:00.000Z', 'user:admin', '2024-05-02T00:00:00.000Z', 'user:admin')`,
  );
  old.close();

  const store = await openSqliteStore({ file });
  try {
    const block = await store.blocks.get('load');
    assert.deepEqual([block?.version, block?.code, block?.retrySafe], [3, 'async function () {}', false]);
    const health = await store.health();
    assert.deepEqual([health.schemaVersion, health.pending], [migrations.length, []]);
  } finally {
    await store.close();
  }
});
