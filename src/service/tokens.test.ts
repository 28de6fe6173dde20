import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openAuthFixtureWithUsers, sessionPrincipal, type AuthFixture } from './auth-fixture.ts';
import { sha256Hex } from './passwords.ts';
import { rejectsWith } from '../../test/support/rejects-with.ts';

const admin = sessionPrincipal('admin', 'admin');
const alice = sessionPrincipal('alice', 'editor');
const bob = sessionPrincipal('bob', 'operator');

describe('token service', () => {
  let fixture: AuthFixture;
  beforeEach(async () => {
    fixture = await openAuthFixtureWithUsers([
      { username: 'alice', password: 'alice password 1', role: 'editor' },
      { username: 'bob', password: 'bob password 12', role: 'operator' },
    ]);
  });
  afterEach(() => fixture.dispose());

  it('creates a zgy_ token shown once, stored as its sha256, that authenticates as its owner', async () => {
    const created = await fixture.tokens.create(alice, { name: 'ci-deploy' });
    assert.match(created.token, /^zgy_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(created.view, {
      id: created.view.id,
      name: 'ci-deploy',
      username: 'alice',
      role: 'editor',
      roles: { dev: 'editor', prod: 'editor' },
      prefix: created.token.slice(0, 12),
      createdAt: created.view.createdAt,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    const stored = await fixture.store.tokens.get(created.view.id);
    assert.equal(stored?.hash, sha256Hex(created.token));
    assert.deepEqual(await fixture.auth.token(created.token), {
      username: 'alice',
      roles: { dev: 'editor', prod: 'editor' },
      via: 'token',
      tokenId: created.view.id,
      actor: 'token:alice/ci-deploy',
    });
    // One character changed, never to itself: the last base64url character of 32 bytes is 'A' one time in 16.
    const altered = `${created.token.slice(0, -1)}${created.token.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(await fixture.auth.token(altered), undefined);
    assert.equal(await fixture.auth.token('zgy_short'), undefined);
    assert.equal(await fixture.auth.token(''), undefined);
    const [entry] = await fixture.store.audit.list({ entityType: 'token', entityName: created.view.id });
    assert.deepEqual([entry?.action, entry?.actor, entry?.details], [
      'token.create',
      'user:alice',
      { username: 'alice', name: 'ci-deploy', role: 'editor', expiresAt: null },
    ]);
  });

  it('refuses a role above the owner\'s or the caller\'s, and a bad name', async () => {
    await assert.rejects(
      fixture.tokens.create(bob, { name: 'ops', role: 'editor' }),
      rejectsWith('forbidden', 'A token cannot have role "editor": its owner "bob" is only operator.'),
    );
    await assert.rejects(
      fixture.tokens.create(admin, { name: 'ops', role: 'admin', username: 'bob' }),
      rejectsWith('forbidden', 'A token cannot have role "admin": its owner "bob" is only operator.'),
    );
    assert.equal((await fixture.tokens.create(bob, { name: 'read-only', role: 'viewer' })).view.role, 'viewer');
    const weak = await fixture.auth.token((await fixture.tokens.create(alice, { name: 'weak', role: 'viewer' })).token);
    assert.ok(weak);
    await assert.rejects(
      fixture.tokens.create(weak, { name: 'escalate', role: 'editor' }),
      rejectsWith('forbidden', 'You cannot create a token with role "editor": your own role here is viewer.'),
    );
    assert.equal((await fixture.tokens.create(weak, { name: 'same' })).view.role, 'viewer', 'defaults to the lower role');
    await assert.rejects(fixture.tokens.create(alice, { name: 'has space' }), rejectsWith('name_invalid'));
    await assert.rejects(fixture.tokens.create(alice, { name: 'weak' }), rejectsWith('name_taken'));
  });

  it('caps a token at its owner\'s current role when the owner is demoted', async () => {
    const { token } = await fixture.tokens.create(alice, { name: 'deploy' });
    await fixture.users.update('alice', { role: 'viewer' }, 'user:admin');
    assert.deepEqual((await fixture.auth.token(token))?.roles, { dev: 'viewer', prod: 'viewer' });
    assert.deepEqual((await fixture.tokens.list(sessionPrincipal('alice', 'viewer')))[0]?.roles, { dev: 'viewer', prod: 'viewer' });
    await fixture.users.update('alice', { role: 'admin' }, 'user:admin');
    assert.deepEqual((await fixture.auth.token(token))?.roles, { dev: 'editor', prod: 'editor' }, 'never more than it was created with');
  });

  it('caps a token per mode at its owner\'s role there, checked at each use', async () => {
    const { token, view } = await fixture.tokens.create(alice, { name: 'per-mode' });
    assert.equal(view.role, 'editor');
    await fixture.users.update('alice', { roles: { prod: 'operator' } }, 'user:admin');
    assert.deepEqual((await fixture.auth.token(token))?.roles, { dev: 'editor', prod: 'operator' });
    await fixture.users.update('alice', { roles: { dev: 'viewer', prod: 'admin' } }, 'user:admin');
    assert.deepEqual((await fixture.auth.token(token))?.roles, { dev: 'viewer', prod: 'editor' });
    const split = sessionPrincipal('alice', { dev: 'viewer', prod: 'admin' });
    // The highest role the owner holds anywhere is the default ceiling; each mode is still capped at use.
    const { token: wide, view: wideView } = await fixture.tokens.create(split, { name: 'wide' });
    assert.equal(wideView.role, 'admin');
    assert.deepEqual((await fixture.auth.token(wide))?.roles, { dev: 'viewer', prod: 'admin' });
  });

  it('lets only admins create tokens for others and list everyone\'s', async () => {
    await assert.rejects(
      fixture.tokens.create(alice, { name: 'for-bob', username: 'bob' }),
      rejectsWith('forbidden', 'Only an admin (in every mode) may create tokens for other users.'),
    );
    const forBob = await fixture.tokens.create(admin, { name: 'for-bob', username: 'bob' });
    assert.equal(forBob.view.role, 'operator');
    assert.equal((await fixture.auth.token(forBob.token))?.actor, 'token:bob/for-bob');
    await fixture.tokens.create(alice, { name: 'mine' });
    assert.deepEqual((await fixture.tokens.list(alice)).map((view) => view.name), ['mine']);
    await assert.rejects(fixture.tokens.list(alice, { all: true }), rejectsWith('forbidden', "Only an admin (in every mode) may list everyone's tokens."));
    assert.deepEqual((await fixture.tokens.list(admin, { all: true })).map((view) => view.name), ['for-bob', 'mine']);
    await assert.rejects(fixture.tokens.create(admin, { name: 'x', username: 'ghost' }), rejectsWith('user_not_found'));
  });

  it('expires a token at its expiry time and refuses an expiry in the past', async () => {
    const expiresAt = new Date(fixture.clock.now().getTime() + 3_600_000).toISOString();
    const { token, view } = await fixture.tokens.create(alice, { name: 'short-lived', expiresAt });
    assert.equal(view.expiresAt, expiresAt);
    assert.ok(await fixture.auth.token(token));
    fixture.clock.advance(3_600_000);
    assert.equal(await fixture.auth.token(token), undefined);
    const past = fixture.clock.now().toISOString();
    await assert.rejects(fixture.tokens.create(alice, { name: 'late', expiresAt: past }), rejectsWith('bad_input'));
    await assert.rejects(fixture.tokens.create(alice, { name: 'odd', expiresAt: 'tomorrow' }), rejectsWith('bad_input'));
  });

  it('revokes own tokens; another user\'s looks missing to a non-admin, an admin may revoke it', async () => {
    const mine = await fixture.tokens.create(alice, { name: 'mine' });
    const bobs = await fixture.tokens.create(bob, { name: 'bobs' });
    await assert.rejects(fixture.tokens.revoke(alice, bobs.view.id), rejectsWith('token_not_found', `Token "${bobs.view.id}" does not exist.`));
    await assert.rejects(fixture.tokens.revoke(alice, 'nope'), rejectsWith('token_not_found', 'Token "nope" does not exist.'));
    assert.ok(await fixture.auth.token(bobs.token));
    await fixture.tokens.revoke(alice, mine.view.id);
    assert.equal(await fixture.auth.token(mine.token), undefined);
    await fixture.tokens.revoke(alice, mine.view.id);
    await fixture.tokens.revoke(admin, bobs.view.id);
    assert.equal(await fixture.auth.token(bobs.token), undefined);
    const revoked = await fixture.tokens.list(admin, { all: true });
    assert.ok(revoked.every((view) => view.revokedAt !== null));
    const revocations = await fixture.store.audit.list({ entityType: 'token' });
    assert.deepEqual(
      revocations.filter((entry) => entry.action === 'token.revoke').map((entry) => entry.actor),
      ['user:admin', 'user:alice'],
    );
  });

  it('gives nothing for a token whose owner is disabled, and works again when re-enabled', async () => {
    const { token } = await fixture.tokens.create(bob, { name: 'ops' });
    await fixture.users.update('bob', { disabled: true }, 'user:admin');
    assert.equal(await fixture.auth.token(token), undefined);
    await assert.rejects(fixture.tokens.create(admin, { name: 'x', username: 'bob' }), rejectsWith('bad_input'));
    await fixture.users.update('bob', { disabled: false }, 'user:admin');
    assert.ok(await fixture.auth.token(token));
  });

  it('records use at most once a minute', async () => {
    const { token, view } = await fixture.tokens.create(alice, { name: 'busy' });
    await fixture.auth.token(token);
    const first = (await fixture.store.tokens.get(view.id))?.lastUsedAt;
    assert.equal(first, fixture.clock.now().toISOString());
    fixture.clock.advance(59_000);
    await fixture.auth.token(token);
    assert.equal((await fixture.store.tokens.get(view.id))?.lastUsedAt, first);
    fixture.clock.advance(1_000);
    await fixture.auth.token(token);
    assert.equal((await fixture.store.tokens.get(view.id))?.lastUsedAt, fixture.clock.now().toISOString());
  });
});
