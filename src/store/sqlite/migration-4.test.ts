import { it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from './index.ts';
import { databaseAtVersion } from './old-database.fixture.ts';


it('upgrades a version 3 database: every user keeps their role in both modes, tokens and sessions stay', async () => {
  const { file, old } = await databaseAtVersion(3);
  const insertUser = old.prepare(
    `INSERT INTO users (username, password_hash, role, disabled, created_at, updated_at, last_login_at)
     VALUES (?, 'scrypt$old', ?, 0, '2024-05-01T00:00:00.000Z', '2024-05-01T00:00:00.000Z', NULL)`,
  );
  const oldRoles = { admin: 'admin', erin: 'editor', otto: 'operator', vic: 'viewer' } as const;
  for (const [username, role] of Object.entries(oldRoles)) insertUser.run(username, role);
  old.exec(
    `INSERT INTO api_tokens (id, username, name, hash, prefix, role, created_at)
     VALUES ('t1', 'otto', 'ci', 'hash-1', 'zgy_abcdefgh', 'operator', '2024-05-01T00:00:00.000Z')`,
  );
  old.close();

  const store = await openSqliteStore({ file });
  try {
    const users = await store.users.list();
    assert.deepEqual(
      Object.fromEntries(users.map((user) => [user.username, user.roles])),
      Object.fromEntries(Object.entries(oldRoles).map(([username, role]) => [username, { dev: role, prod: role }])),
    );
    assert.equal((await store.tokens.get('t1'))?.username, 'otto');
    // The old single admin is admin in both modes, so it is still the last admin the store protects.
    await assert.rejects(
      store.users.update(
        { username: 'admin', changes: { roles: { dev: 'admin', prod: 'editor' } } },
        { actor: 'user:admin', action: 'user.update', entityType: 'user', entityName: 'admin', details: {} },
      ),
      /last enabled admin/,
    );
    const created = await store.users.create(
      { username: 'pia', passwordHash: 'scrypt$new', roles: { dev: 'editor', prod: 'operator' } },
      { actor: 'user:admin', action: 'user.create', entityType: 'user', entityName: 'pia', details: {} },
    );
    assert.deepEqual(created.roles, { dev: 'editor', prod: 'operator' });
  } finally {
    await store.close();
  }
});
