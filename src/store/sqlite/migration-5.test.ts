import { it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from './index.ts';
import { migrations } from './migrations.ts';
import { databaseAtVersion } from './old-database.fixture.ts';


it('upgrades a version 4 database: users stay, and failed logins are recorded and counted', async () => {
  const { file, old } = await databaseAtVersion(4);
  old.exec(
    `INSERT INTO users (username, password_hash, dev_role, prod_role, disabled, created_at, updated_at, last_login_at)
     VALUES ('admin', 'scrypt$old', 'admin', 'admin', 0, '2024-05-01T00:00:00.000Z', '2024-05-01T00:00:00.000Z', NULL)`,
  );
  old.close();

  const store = await openSqliteStore({ file });
  try {
    assert.deepEqual((await store.users.get('admin'))?.roles, { dev: 'admin', prod: 'admin' });
    await store.loginFailures.record({ usernameKey: 'u1', addressKey: 'a1', at: '2030-01-01T00:00:00.000Z' });
    assert.deepEqual(await store.loginFailures.recent('username', 'u1', '2029-12-31T23:45:00.000Z', 10), ['2030-01-01T00:00:00.000Z']);
    const health = await store.health();
    assert.deepEqual([health.schemaVersion, health.codeVersion, health.pending], [migrations.length, migrations.length, []]);
  } finally {
    await store.close();
  }
});
