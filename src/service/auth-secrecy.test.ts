import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { openAuthFixture, sessionPrincipal, type AuthFixture } from './auth-fixture.ts';
import { sha256Hex } from './passwords.ts';

/** Every credential a full round of user and token management handles in plaintext. */
interface Plaintexts {
  passwords: string[];
  tokens: string[];
  sessionIds: string[];
}

describe('auth secrecy', () => {
  let fixture: AuthFixture;
  const plain: Plaintexts = { passwords: [], tokens: [], sessionIds: [] };
  const hashes: string[] = [];

  before(async () => {
    fixture = await openAuthFixture();
    const adminPassword = 'Admin-Pw-From-Env-7391';
    const alicePassword = 'Alice-Initial-Pw-5528';
    const aliceNewPassword = 'Alice-Changed-Pw-8812';
    const resetPassword = 'Alice-Reset-By-Admin-4471';
    const guessed = 'Mallory-Guess-Pw-0037';
    plain.passwords.push(adminPassword, alicePassword, aliceNewPassword, resetPassword, guessed);

    await fixture.auth.bootstrapAdmin({ ZIGGY_ADMIN_PASSWORD: adminPassword });
    await fixture.users.create({ username: 'alice', password: alicePassword, role: 'editor' }, 'user:admin');
    const alice = sessionPrincipal('alice', 'editor');
    plain.sessionIds.push((await fixture.auth.login('alice', alicePassword, '10.0.0.1')).sessionId);
    await fixture.users.changeOwnPassword(alice, alicePassword, aliceNewPassword);
    await fixture.users.update('alice', { password: resetPassword }, 'user:admin');
    await fixture.auth.login('alice', guessed, '10.0.0.66').catch(() => undefined);
    await fixture.auth.login(guessed, guessed, '10.0.0.66').catch(() => undefined);
    const login = await fixture.auth.login('alice', resetPassword, '10.0.0.1');
    plain.sessionIds.push(login.sessionId);
    await fixture.auth.session(login.sessionId);

    const created = await fixture.tokens.create(alice, { name: 'ci' });
    plain.tokens.push(created.token);
    const principal = await fixture.auth.token(created.token);
    assert.ok(principal);
    const nested = await fixture.tokens.create(principal, { name: 'nested' });
    plain.tokens.push(nested.token);
    await fixture.tokens.revoke(alice, created.view.id);
    await fixture.auth.logout(login.sessionId);

    for (const user of await fixture.store.users.list()) hashes.push(user.passwordHash);
    for (const token of await fixture.store.tokens.list()) hashes.push(token.hash);
    hashes.push(...plain.sessionIds.map(sha256Hex));
  });
  after(() => fixture.dispose());

  it('writes no password, token, session id or hash into the audit log', async () => {
    const entries = await fixture.store.audit.list({ limit: 1000 });
    // Lower-cased: a login lower-cases the username, and a password typed as one must not survive that way either.
    const audit = JSON.stringify(entries).toLowerCase();
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of ['user.create', 'user.update', 'user.password_change', 'user.login', 'user.login_failed', 'token.create', 'token.revoke']) {
      assert.ok(actions.has(action), `${action} was audited`);
    }
    for (const secret of [...plain.passwords, ...plain.tokens, ...plain.sessionIds, ...hashes]) {
      assert.ok(!audit.includes(secret.toLowerCase()), `the audit log holds ${secret.slice(0, 16)}…`);
    }
    // The salt and key of each scrypt hash, not only the whole encoding.
    for (const part of hashes.flatMap((hash) => hash.split('$').slice(4))) assert.ok(!audit.includes(part.toLowerCase()));
  });

  it('stores no plaintext password, token or session id in the database files', async () => {
    const files = await Promise.all(
      [fixture.file, `${fixture.file}-wal`].map((file) => readFile(file).catch(() => Buffer.alloc(0))),
    );
    const bytes = Buffer.concat(files);
    assert.ok(bytes.length > 0);
    for (const secret of [...plain.passwords, ...plain.tokens, ...plain.sessionIds]) {
      assert.equal(bytes.indexOf(secret), -1, `the database holds ${secret.slice(0, 8)}…`);
    }
    // A password typed as a username reaches the login limiter lower-cased: its failure is filed under a keyed hash only.
    for (const password of plain.passwords) assert.equal(bytes.indexOf(password.toLowerCase()), -1, `the database holds ${password.slice(0, 8)}… lower-cased`);
    assert.notEqual(bytes.indexOf(sha256Hex(plain.tokens[0] ?? '')), -1, 'the token is there as its hash');
  });
});
