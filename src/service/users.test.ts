import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openAuthFixtureWithUsers, sessionPrincipal, type AuthFixture } from './auth-fixture.ts';
import type { Role } from '../core/index.ts';
import { rejectsWith } from '../../test/support/rejects-with.ts';

describe('user service', () => {
  let fixture: AuthFixture;
  beforeEach(async () => {
    fixture = await openAuthFixtureWithUsers();
  });
  afterEach(() => fixture.dispose());

  const create = (username: string, role: Role = 'editor', password = 'a good password') =>
    fixture.users.create({ username, password, role }, 'user:admin');

  it('creates, gets and lists users as views without password hashes, and audits the creation', async () => {
    const bob = await create('bob.smith', 'operator');
    assert.deepEqual(bob, {
      username: 'bob.smith',
      roles: { dev: 'operator', prod: 'operator' },
      disabled: false,
      createdAt: bob.createdAt,
      updatedAt: bob.createdAt,
      lastLoginAt: null,
    });
    assert.deepEqual(await fixture.users.get('bob.smith'), bob);
    assert.deepEqual((await fixture.users.list()).map((user) => user.username), ['admin', 'bob.smith']);
    const [entry] = await fixture.store.audit.list({ entityType: 'user', entityName: 'bob.smith' });
    assert.deepEqual([entry?.action, entry?.actor, entry?.details], ['user.create', 'user:admin', { roles: { dev: 'operator', prod: 'operator' } }]);
    await assert.rejects(fixture.users.get('nobody'), rejectsWith('user_not_found', 'User "nobody" does not exist.'));
  });

  it('refuses bad usernames, unknown roles, short passwords and taken names', async () => {
    for (const username of ['Alice', '1alice', '', 'a'.repeat(65), 'al ice', 'al/ice']) {
      await assert.rejects(create(username), rejectsWith('name_invalid'), username);
    }
    assert.equal((await create('a'.repeat(64))).username.length, 64);
    await assert.rejects(
      create('carol', 'root' as Role),
      rejectsWith('bad_input', 'Unknown role "root": use admin, editor, operator, viewer.'),
    );
    await assert.rejects(
      create('carol', 'viewer', 'too short'),
      rejectsWith('bad_input', 'The password must be at least 12 characters long.'),
    );
    await create('carol');
    await assert.rejects(create('carol'), rejectsWith('name_taken', 'A user named "carol" already exists.'));
  });

  it('updates role, disabled and password, auditing which fields changed', async () => {
    await create('dave', 'viewer');
    const updated = await fixture.users.update('dave', { role: 'editor', disabled: true, password: 'a new password' }, 'user:admin');
    assert.deepEqual(updated.roles, { dev: 'editor', prod: 'editor' });
    assert.equal(updated.disabled, true);
    await fixture.users.update('dave', { disabled: false }, 'user:admin');
    const login = await fixture.auth.login('dave', 'a new password', '10.0.0.1');
    assert.deepEqual(login.user.roles, { dev: 'editor', prod: 'editor' });
    const updates = await fixture.store.audit.list({ entityName: 'dave', actor: 'user:admin' });
    assert.deepEqual(
      updates.filter((entry) => entry.action === 'user.update').map((entry) => entry.details),
      [
        { disabled: false, changed: ['disabled'] },
        { roles: { dev: 'editor', prod: 'editor' }, previousRoles: { dev: 'viewer', prod: 'viewer' }, disabled: true, changed: ['roles', 'disabled', 'password'] },
      ],
    );
    assert.deepEqual(await fixture.users.update('dave', {}, 'user:admin'), await fixture.users.get('dave'));
    await assert.rejects(fixture.users.update('ghost', { role: 'viewer' }, 'user:admin'), rejectsWith('user_not_found'));
  });

  it('refuses to demote, disable or delete the last enabled admin', async () => {
    const last = (verb: string) => `Cannot ${verb} user "admin": it is the last enabled admin. Make another user an admin first.`;
    await assert.rejects(fixture.users.update('admin', { role: 'editor' }, 'user:admin'), rejectsWith('bad_input', last('demote')));
    await assert.rejects(fixture.users.update('admin', { disabled: true }, 'user:admin'), rejectsWith('bad_input', last('disable')));
    await assert.rejects(fixture.users.delete('admin', 'user:admin'), rejectsWith('bad_input', last('delete')));
    await create('erin', 'admin');
    await fixture.users.update('erin', { disabled: true }, 'user:admin');
    await assert.rejects(fixture.users.delete('admin', 'user:admin'), rejectsWith('bad_input'), 'a disabled admin does not count');
    await fixture.users.update('erin', { disabled: false }, 'user:admin');
    await fixture.users.update('admin', { role: 'viewer' }, 'user:erin');
    assert.deepEqual((await fixture.users.get('admin')).roles, { dev: 'viewer', prod: 'viewer' });
  });

  it('keeps a role per mode: roles for some modes, role for both, never both at once', async () => {
    const created = await fixture.users.create(
      { username: 'pia', password: 'a long enough password', roles: { dev: 'editor', prod: 'operator' } },
      'user:admin',
    );
    assert.deepEqual(created.roles, { dev: 'editor', prod: 'operator' });
    assert.deepEqual((await fixture.users.update('pia', { roles: { prod: 'viewer' } }, 'user:admin')).roles, { dev: 'editor', prod: 'viewer' });
    assert.deepEqual((await fixture.users.update('pia', { role: 'operator' }, 'user:admin')).roles, { dev: 'operator', prod: 'operator' });
    await assert.rejects(
      fixture.users.update('pia', { role: 'viewer', roles: { dev: 'viewer' } }, 'user:admin'),
      rejectsWith('bad_input', 'Give "role" (the same role in both modes) or "roles" (a role per mode), not both.'),
    );
    await assert.rejects(fixture.users.update('pia', { roles: { prod: 'boss' as 'admin' } }, 'user:admin'), rejectsWith('bad_input'));
    await assert.rejects(
      fixture.users.create({ username: 'quin', password: 'a long enough password', roles: { dev: 'editor' } as { dev: 'editor'; prod: 'editor' } }, 'user:admin'),
      rejectsWith('bad_input', '"roles" needs a role for prod: give both modes, or "role" for the same in both.'),
    );
    const entries = (await fixture.store.audit.list({ entityName: 'pia' })).filter((entry) => entry.action === 'user.update');
    assert.deepEqual(entries.map((entry) => entry.details['roles']), [{ dev: 'operator', prod: 'operator' }, { dev: 'editor', prod: 'viewer' }]);
    // An admin in one mode only cannot manage users, so the last admin in both modes is kept.
    await assert.rejects(fixture.users.update('admin', { roles: { prod: 'editor' } }, 'user:admin'), rejectsWith('bad_input'));
  });

  it('deletes a user with their tokens', async () => {
    await create('frank', 'operator');
    const { token } = await fixture.tokens.create(sessionPrincipal('frank', 'operator'), { name: 'ci' });
    assert.ok(await fixture.auth.token(token));
    await fixture.users.delete('frank', 'user:admin');
    assert.equal(await fixture.auth.token(token), undefined);
    assert.deepEqual(await fixture.tokens.list(sessionPrincipal('admin', 'admin'), { all: true }), []);
    await assert.rejects(fixture.users.delete('frank', 'user:admin'), rejectsWith('user_not_found'));
    const actions = (await fixture.store.audit.list({ entityName: 'frank' })).map((entry) => entry.action);
    assert.deepEqual(actions, ['user.delete', 'user.create']);
  });

  it('changes the own password after checking the current one, ending the user\'s sessions', async () => {
    await create('gina', 'viewer', 'first password!');
    const login = await fixture.auth.login('gina', 'first password!', '10.0.0.1');
    const gina = sessionPrincipal('gina', 'viewer');
    await assert.rejects(
      fixture.users.changeOwnPassword(gina, 'not the password', 'second password!'),
      rejectsWith('bad_input', 'The current password is not correct.'),
    );
    await assert.rejects(
      fixture.users.changeOwnPassword(gina, 'first password!', 'short'),
      rejectsWith('bad_input', 'The password must be at least 12 characters long.'),
    );
    assert.ok(await fixture.auth.session(login.sessionId), 'refused changes end nothing');
    await fixture.users.changeOwnPassword(gina, 'first password!', 'second password!');
    assert.equal(await fixture.auth.session(login.sessionId), undefined);
    await assert.rejects(fixture.auth.login('gina', 'first password!', '10.0.0.1'), rejectsWith('unauthorized'));
    await fixture.auth.login('gina', 'second password!', '10.0.0.1');
    const changes = (await fixture.store.audit.list({ entityName: 'gina' })).filter(
      (entry) => entry.action === 'user.password_change',
    );
    assert.deepEqual(changes.map((entry) => [entry.actor, entry.details]), [['user:gina', {}]]);
  });
});
