import { it } from 'node:test';
import assert from 'node:assert/strict';
import { auditOf, createUser, rejectsWith, sessionFor, startSession, unique } from './helpers.ts';
import type { UseStore } from './helpers.ts';
import type { SaveTokenInput, Store, TokenRecord } from '../types.ts';

function tokenInput(username: string, overrides: Partial<SaveTokenInput> = {}): SaveTokenInput {
  return {
    id: unique('tok'),
    username,
    name: 'ci-deploy',
    hash: unique('sha256'),
    prefix: 'zgy_AbCd1234',
    role: 'operator',
    expiresAt: null,
    ...overrides,
  };
}

function createToken(store: Store, input: SaveTokenInput): Promise<TokenRecord> {
  return store.tokens.create(input, auditOf('token.create', 'token', input.id, `user:${input.username}`, { name: input.name }));
}

export function tokenAndSessionCases(using: UseStore): void {
  it('creates tokens, finds them by id and hash, and lists them per owner or all', using(async (store) => {
    const alice = unique('alice');
    const bob = unique('bob');
    await createUser(store, alice);
    await createUser(store, bob);
    const input = tokenInput(alice, { expiresAt: '2999-01-01T00:00:00.000Z' });
    const created = await createToken(store, input);
    assert.deepEqual(created, {
      ...input,
      createdAt: created.createdAt,
      revokedAt: null,
      lastUsedAt: null,
    });
    assert.ok(!Number.isNaN(Date.parse(created.createdAt)));
    assert.deepEqual(await store.tokens.get(input.id), created);
    assert.deepEqual(await store.tokens.findByHash(input.hash), created);
    assert.equal(await store.tokens.findByHash(unique('sha256')), undefined);
    assert.equal(await store.tokens.get(unique('tok')), undefined);

    const second = await createToken(store, tokenInput(alice, { name: 'backup' }));
    const bobs = await createToken(store, tokenInput(bob));
    assert.deepEqual((await store.tokens.list(alice)).map((token) => token.id), [created.id, second.id]);
    const all = (await store.tokens.list()).map((token) => token.id);
    assert.ok([created.id, second.id, bobs.id].every((id) => all.includes(id)));

    const entries = await store.audit.list({ entityType: 'token', entityName: input.id });
    assert.deepEqual(entries.map((entry) => [entry.action, entry.actor]), [['token.create', `user:${alice}`]]);
  }));

  it('refuses a live duplicate token name, a duplicate hash and a missing owner', using(async (store) => {
    const alice = unique('alice');
    await createUser(store, alice);
    const first = await createToken(store, tokenInput(alice));
    await rejectsWith(
      createToken(store, tokenInput(alice)),
      'name_taken',
      `User "${alice}" already has a token named "ci-deploy".`,
    );
    await assert.rejects(createToken(store, tokenInput(alice, { name: 'other', hash: first.hash })));
    const ghost = unique('ghost');
    await rejectsWith(createToken(store, tokenInput(ghost)), 'user_not_found', `User "${ghost}" does not exist.`);

    await store.tokens.revoke(first.id, new Date().toISOString(), auditOf('token.revoke', 'token', first.id, 'user:admin'));
    const again = await createToken(store, tokenInput(alice));
    assert.equal(again.name, first.name, 'a revoked token frees its name');
    assert.equal((await store.tokens.list(alice)).length, 2);
  }));

  it('revokes a token once, keeping the first revocation time, and records use', using(async (store) => {
    const alice = unique('alice');
    await createUser(store, alice);
    const token = await createToken(store, tokenInput(alice));
    const revokeAudit = auditOf('token.revoke', 'token', token.id, `user:${alice}`);
    const revoked = await store.tokens.revoke(token.id, '2030-01-01T00:00:00.000Z', revokeAudit);
    assert.deepEqual(revoked, { ...token, revokedAt: '2030-01-01T00:00:00.000Z' });
    const again = await store.tokens.revoke(token.id, '2031-01-01T00:00:00.000Z', revokeAudit);
    assert.equal(again.revokedAt, '2030-01-01T00:00:00.000Z');
    const missing = unique('tok');
    await rejectsWith(store.tokens.revoke(missing, '2030-01-01T00:00:00.000Z', revokeAudit), 'token_not_found', `Token "${missing}" does not exist.`);

    await store.tokens.touch(token.id, '2030-02-01T00:00:00.000Z');
    assert.equal((await store.tokens.get(token.id))?.lastUsedAt, '2030-02-01T00:00:00.000Z');
    const actions = (await store.audit.list({ entityType: 'token', entityName: token.id })).map((entry) => entry.action);
    assert.deepEqual(actions, ['token.revoke', 'token.revoke', 'token.create']);
  }));

  it('starts a session with the login time and audit entry, touches, and deletes it', using(async (store) => {
    const alice = unique('alice');
    await createUser(store, alice);
    const session = sessionFor(alice);
    assert.deepEqual(await startSession(store, session), session);
    assert.deepEqual(await store.sessions.get(session.idHash), session);
    assert.equal(await store.sessions.get(unique('nohash')), undefined);
    assert.equal((await store.users.get(alice))?.lastLoginAt, session.createdAt);
    const entries = await store.audit.list({ entityType: 'user', entityName: alice });
    assert.deepEqual(entries.map((entry) => entry.action), ['user.login', 'user.create']);

    await store.sessions.touch(session.idHash, '2030-01-01T00:00:00.000Z', '2030-01-01T12:00:00.000Z');
    assert.deepEqual(await store.sessions.get(session.idHash), {
      ...session,
      lastSeenAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T12:00:00.000Z',
    });
    await store.sessions.delete(session.idHash);
    assert.equal(await store.sessions.get(session.idHash), undefined);
    await store.sessions.delete(session.idHash);
  }));

  it('deletes the sessions expired at a given time and keeps the others', using(async (store) => {
    const alice = unique('alice');
    await createUser(store, alice);
    const expired = await startSession(store, sessionFor(alice, { expiresAt: '2001-01-01T00:00:00.000Z' }));
    const atLimit = await startSession(store, sessionFor(alice, { expiresAt: '2001-01-02T00:00:00.000Z' }));
    const live = await startSession(store, sessionFor(alice, { expiresAt: '2001-01-03T00:00:00.000Z' }));
    assert.ok((await store.sessions.deleteExpired('2001-01-02T00:00:00.000Z')) >= 2);
    assert.equal(await store.sessions.get(expired.idHash), undefined);
    assert.equal(await store.sessions.get(atLimit.idHash), undefined);
    assert.deepEqual(await store.sessions.get(live.idHash), live);
  }));
}
