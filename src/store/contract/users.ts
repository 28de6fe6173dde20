import { it } from 'node:test';
import assert from 'node:assert/strict';
import { auditOf, createUser, rejectsWith, sessionFor, startSession, unique } from './helpers.ts';
import type { UseStore } from './helpers.ts';
import type { Store, UserRecord } from '../types.ts';

function updateUser(store: Store, username: string, changes: Parameters<Store['users']['update']>[0]['changes']) {
  return store.users.update(
    { username, changes },
    auditOf('user.update', 'user', username, 'user:admin', { changed: Object.keys(changes) }),
  );
}

export function userCases(using: UseStore): void {
  it('creates, reads and lists users, refuses a taken username, and audits the creation', using(async (store) => {
    const username = unique('alice');
    const created = await createUser(store, username, 'operator');
    assert.deepEqual(created, {
      username,
      passwordHash: `scrypt$test$${username}`,
      roles: { dev: 'operator', prod: 'operator' },
      disabled: false,
      createdAt: created.createdAt,
      updatedAt: created.createdAt,
      lastLoginAt: null,
    });
    assert.ok(!Number.isNaN(Date.parse(created.createdAt)));
    assert.deepEqual(await store.users.get(username), created);
    assert.equal(await store.users.get(unique('nobody')), undefined);

    const other = unique('bob');
    await createUser(store, other);
    const names = (await store.users.list()).map((user) => user.username);
    assert.ok(names.includes(username) && names.includes(other));
    assert.deepEqual(names, [...names].sort());

    await rejectsWith(createUser(store, username, 'admin'), 'name_taken', `A user named "${username}" already exists.`);
    assert.deepEqual(await store.users.get(username), created);
    const entries = await store.audit.list({ entityType: 'user', entityName: username });
    assert.deepEqual(entries.map((entry) => [entry.action, entry.details]), [['user.create', { roles: { dev: 'operator', prod: 'operator' } }]]);
  }));

  it('keeps a role per mode, apart', using(async (store) => {
    const username = unique('dana');
    const created = await createUser(store, username, { dev: 'editor', prod: 'operator' });
    assert.deepEqual(created.roles, { dev: 'editor', prod: 'operator' });
    assert.deepEqual((await store.users.get(username))?.roles, { dev: 'editor', prod: 'operator' });
    const swapped = await updateUser(store, username, { roles: { dev: 'viewer', prod: 'admin' } });
    assert.deepEqual(swapped.roles, { dev: 'viewer', prod: 'admin' });
    assert.deepEqual((await store.users.list()).find((user) => user.username === username)?.roles, swapped.roles);
  }));

  it('updates roles, password hash and disabled, keeping createdAt, and audits each change', using(async (store) => {
    const username = unique('carol');
    const created = await createUser(store, username, 'viewer');
    const promoted = await updateUser(store, username, { roles: { dev: 'editor', prod: 'editor' } });
    assert.deepEqual(promoted.roles, { dev: 'editor', prod: 'editor' });
    assert.equal(promoted.createdAt, created.createdAt);
    assert.ok(promoted.updatedAt >= created.updatedAt);
    const rehashed = await updateUser(store, username, { passwordHash: 'scrypt$new' });
    assert.equal(rehashed.passwordHash, 'scrypt$new');
    assert.deepEqual(rehashed.roles, { dev: 'editor', prod: 'editor' });
    const disabled = await updateUser(store, username, { disabled: true });
    assert.equal(disabled.disabled, true);
    assert.deepEqual(await store.users.get(username), disabled);
    const entries = await store.audit.list({ entityType: 'user', entityName: username });
    assert.deepEqual(
      entries.map((entry) => entry.details['changed']),
      [['disabled'], ['passwordHash'], ['roles'], undefined],
    );
  }));

  it('reports a missing user with user_not_found and audits nothing', using(async (store) => {
    const username = unique('ghost');
    const notFound = `User "${username}" does not exist.`;
    await rejectsWith(updateUser(store, username, { roles: { dev: 'viewer', prod: 'viewer' } }), 'user_not_found', notFound);
    await rejectsWith(
      store.users.delete(username, auditOf('user.delete', 'user', username, 'user:admin')),
      'user_not_found',
      notFound,
    );
    await rejectsWith(startSession(store, sessionFor(username)), 'user_not_found', notFound);
    assert.deepEqual(await store.audit.list({ entityName: username }), []);
  }));

  it('ends a user\'s sessions when a role, password or disabled changes, not on a no-op', using(async (store) => {
    const username = unique('dave');
    await createUser(store, username, 'operator');
    const changes = [
      { roles: { dev: 'operator', prod: 'viewer' } },
      { roles: { dev: 'viewer', prod: 'viewer' } },
      { passwordHash: 'scrypt$other' },
      { disabled: true },
    ] as const;
    for (const change of changes) {
      const session = await startSession(store, sessionFor(username));
      const current = await store.users.get(username);
      assert.ok(current);
      await updateUser(store, username, { roles: { ...current.roles } });
      assert.deepEqual(await store.sessions.get(session.idHash), session, 'same role keeps the session');
      await updateUser(store, username, change);
      assert.equal(await store.sessions.get(session.idHash), undefined, JSON.stringify(change));
    }
  }));

  it('refuses to demote, disable or delete the last enabled admin', using(async (store) => {
    const first = unique('root');
    const second = unique('root');
    await createUser(store, first, 'admin');
    await createUser(store, second, 'admin');
    // This store may hold admins of its own; the guard is about all enabled admins.
    const otherAdmins = (await store.users.list()).filter(
      (user) => user.roles.dev === 'admin' && user.roles.prod === 'admin' && !user.disabled && user.username !== first && user.username !== second,
    );
    await updateUser(store, first, { disabled: true });
    if (otherAdmins.length > 0) {
      assert.deepEqual((await updateUser(store, second, { roles: { dev: 'admin', prod: 'editor' } })).roles, { dev: 'admin', prod: 'editor' });
      return;
    }
    const before = await store.users.get(second);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['demote', () => updateUser(store, second, { roles: { dev: 'editor', prod: 'editor' } })],
      // An admin in one mode only cannot manage users: that is a demotion too.
      ['demote', () => updateUser(store, second, { roles: { dev: 'admin', prod: 'operator' } })],
      ['disable', () => updateUser(store, second, { disabled: true })],
      ['delete', () => store.users.delete(second, auditOf('user.delete', 'user', second, 'user:admin'))],
    ];
    for (const [verb, attempt] of attempts) {
      await rejectsWith(
        attempt(),
        'bad_input',
        `Cannot ${verb} user "${second}": it is the last enabled admin. Make another user an admin first.`,
      );
    }
    assert.deepEqual(await store.users.get(second), before);
    // A disabled admin is no safeguard, but it may be changed or deleted freely.
    await store.users.delete(first, auditOf('user.delete', 'user', first, 'user:admin'));
    const third = unique('root');
    await createUser(store, third, 'admin');
    const demoted: UserRecord = await updateUser(store, second, { roles: { dev: 'viewer', prod: 'admin' } });
    assert.deepEqual(demoted.roles, { dev: 'viewer', prod: 'admin' });
  }));

  it('deletes a user with their tokens and sessions', using(async (store) => {
    const username = unique('erin');
    await createUser(store, username);
    const session = await startSession(store, sessionFor(username));
    const token = await store.tokens.create(
      { id: unique('t'), username, name: 'ci', hash: unique('hash'), prefix: 'zgy_abcd', role: 'viewer', expiresAt: null },
      auditOf('token.create', 'token', 'ci', `user:${username}`),
    );
    await store.users.delete(username, auditOf('user.delete', 'user', username, 'user:admin'));
    assert.equal(await store.users.get(username), undefined);
    assert.equal(await store.sessions.get(session.idHash), undefined);
    assert.equal(await store.tokens.get(token.id), undefined);
    assert.deepEqual(await store.tokens.list(username), []);
    const entries = await store.audit.list({ entityType: 'user', entityName: username });
    assert.deepEqual(entries.map((entry) => entry.action), ['user.delete', 'user.login', 'user.create']);
  }));
}
