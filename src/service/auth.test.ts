import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ZiggyError } from '../core/index.ts';
import { openAuthFixture, openAuthFixtureWithUsers, strongPassword, type AuthFixture } from './auth-fixture.ts';
import { sha256Hex } from './passwords.ts';
import { sessionAbsoluteMs, sessionIdleMs } from './sessions.ts';
import { rejectsWith } from '../../test/support/rejects-with.ts';

const minute = 60_000;
const hour = 60 * minute;

const wrong = rejectsWith('unauthorized', 'Wrong username or password.');

describe('auth service: bootstrap', () => {
  let fixture: AuthFixture;
  beforeEach(async () => {
    fixture = await openAuthFixture();
  });
  afterEach(() => fixture.dispose());

  it('creates admin with ZIGGY_ADMIN_PASSWORD, audited, and does nothing once users exist', async () => {
    assert.deepEqual(await fixture.auth.bootstrapAdmin({ ZIGGY_ADMIN_PASSWORD: strongPassword }), { created: true });
    const admin = await fixture.users.get('admin');
    assert.deepEqual(admin.roles, { dev: 'admin', prod: 'admin' }, 'the first admin is admin in both modes');
    assert.equal(admin.disabled, false);
    const session = await fixture.auth.login('admin', strongPassword, '127.0.0.1');
    assert.equal(session.user.username, 'admin');

    assert.deepEqual(await fixture.auth.bootstrapAdmin({ ZIGGY_ADMIN_PASSWORD: 'another long password' }), { created: false });
    assert.deepEqual(await fixture.auth.bootstrapAdmin({}), { created: false });
    await fixture.auth.login('admin', strongPassword, '127.0.0.1');
    const created = await fixture.store.audit.list({ entityType: 'user', entityName: 'admin' });
    const bootstrap = created.filter((entry) => entry.action === 'user.create');
    assert.deepEqual(bootstrap.map((entry) => [entry.actor, entry.details]), [
      ['system:bootstrap', { roles: { dev: 'admin', prod: 'admin' }, passwordSource: 'ZIGGY_ADMIN_PASSWORD' }],
    ]);
  });

  it('generates a url-safe one-time password of 20 characters when the environment has none', async () => {
    const result = await fixture.auth.bootstrapAdmin({ ZIGGY_ADMIN_PASSWORD: '' });
    assert.equal(result.created, true);
    assert.match(result.oneTimePassword ?? '', /^[A-Za-z0-9_-]{20}$/);
    const login = await fixture.auth.login('admin', result.oneTimePassword ?? '', '127.0.0.1');
    assert.deepEqual(login.user.roles, { dev: 'admin', prod: 'admin' });
    const again = await openAuthFixture();
    try {
      assert.notEqual((await again.auth.bootstrapAdmin({})).oneTimePassword, result.oneTimePassword);
    } finally {
      await again.dispose();
    }
  });

  it('refuses a ZIGGY_ADMIN_PASSWORD shorter than 12 characters with a clear error and creates nobody', async () => {
    await assert.rejects(
      fixture.auth.bootstrapAdmin({ ZIGGY_ADMIN_PASSWORD: 'short' }),
      rejectsWith(
        'bad_input',
        "ZIGGY_ADMIN_PASSWORD is too short: the first admin's password must be at least 12 characters long.",
      ),
    );
    assert.deepEqual(await fixture.users.list(), []);
  });
});

describe('auth service: login and sessions', () => {
  let fixture: AuthFixture;
  beforeEach(async () => {
    fixture = await openAuthFixtureWithUsers([{ username: 'alice', password: 'alice password 1', role: 'editor' }]);
  });
  afterEach(() => fixture.dispose());

  it('logs in: a random session id stored only as its hash, a CSRF token, 12 h expiry and lastLoginAt', async () => {
    const login = await fixture.auth.login(' Alice ', 'alice password 1', '10.1.1.1');
    assert.match(login.sessionId, /^[A-Za-z0-9_-]{43}$/);
    assert.match(login.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(login.csrfToken, login.sessionId);
    assert.equal(Date.parse(login.expiresAt), fixture.clock.now().getTime() + sessionIdleMs);
    assert.equal(login.user.username, 'alice');
    assert.equal(login.user.lastLoginAt, (await fixture.users.get('alice')).lastLoginAt);
    assert.notEqual(login.user.lastLoginAt, null);
    const stored = await fixture.store.sessions.get(sha256Hex(login.sessionId));
    assert.equal(stored?.username, 'alice');
    assert.equal(await fixture.store.sessions.get(login.sessionId), undefined);

    const session = await fixture.auth.session(login.sessionId);
    assert.deepEqual(session, {
      principal: { username: 'alice', roles: { dev: 'editor', prod: 'editor' }, via: 'session', actor: 'user:alice' },
      csrfToken: login.csrfToken,
      expiresAt: login.expiresAt,
    });
    const second = await fixture.auth.login('alice', 'alice password 1', '10.1.1.1');
    assert.notEqual(second.sessionId, login.sessionId);
    assert.notEqual(second.csrfToken, login.csrfToken);
  });

  it('gives one answer for a wrong password, an unknown user and a disabled user, and audits each failure', async () => {
    await assert.rejects(fixture.auth.login('alice', 'not her password', '10.1.1.1'), wrong);
    await assert.rejects(fixture.auth.login('mallory', 'alice password 1', '10.1.1.2'), wrong);
    await assert.rejects(fixture.auth.login('', 'alice password 1', '10.1.1.2'), wrong);
    await fixture.users.update('alice', { disabled: true }, 'user:admin');
    await assert.rejects(fixture.auth.login('alice', 'alice password 1', '10.1.1.3'), wrong);
    const failures = await fixture.store.audit.list({ entityType: 'user' });
    assert.deepEqual(
      failures.filter((entry) => entry.action === 'user.login_failed').map((entry) => [entry.entityName, entry.actor, entry.details]),
      [
        ['alice', 'anonymous:10.1.1.3', { address: '10.1.1.3', reason: 'disabled' }],
        ['(unknown)', 'anonymous:10.1.1.2', { address: '10.1.1.2', reason: 'unknown_user' }],
        ['(unknown)', 'anonymous:10.1.1.2', { address: '10.1.1.2', reason: 'unknown_user' }],
        ['alice', 'anonymous:10.1.1.1', { address: '10.1.1.1', reason: 'wrong_password' }],
      ],
    );
  });

  it('spends a full password check on an unknown user, as on a wrong password', async () => {
    // The fastest of three runs each, so a busy machine does not decide the outcome.
    const fastest = async (username: string) => {
      const times: number[] = [];
      for (let run = 0; run < 3; run += 1) {
        const started = performance.now();
        await assert.rejects(fixture.auth.login(username, 'a wrong password', '10.9.9.9'), wrong);
        times.push(performance.now() - started);
      }
      return Math.min(...times);
    };
    const known = await fastest('alice');
    const unknown = await fastest('nobody-here');
    // scrypt at N=2^15 takes tens of milliseconds; without it a failed login takes about one.
    assert.ok(unknown > known / 2, `unknown user took ${unknown} ms, known ${known} ms`);
  });

  it('rate-limits after 10 failures for a username, even with the right password, and resets on success', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await assert.rejects(fixture.auth.login('alice', 'wrong password!', `10.2.0.${attempt}`), wrong);
    }
    await assert.rejects(fixture.auth.login('alice', 'alice password 1', '10.2.1.1'), (error: unknown) => {
      assert.ok(error instanceof ZiggyError);
      assert.equal(error.id, 'rate_limited');
      assert.equal(error.message, 'Too many failed logins for this user or address; try again in 15 minutes.');
      assert.deepEqual(error.details, { retryAfterSeconds: 900 });
      return true;
    });
    await fixture.auth.login('admin', strongPassword, '10.2.1.1');
    fixture.clock.advance(15 * minute);
    const failNineTimes = async (subnet: number) => {
      for (let attempt = 0; attempt < 9; attempt += 1) {
        await assert.rejects(fixture.auth.login('alice', 'wrong password!', `10.${subnet}.0.${attempt}`), wrong);
      }
    };
    await failNineTimes(3);
    await fixture.auth.login('alice', 'alice password 1', '10.3.1.1');
    // The success cleared alice's count: 9 more failures in the same window are not yet limited.
    await failNineTimes(4);
    await fixture.auth.login('alice', 'alice password 1', '10.4.1.1');
  });

  it('rate-limits an address after 20 failures across usernames', async () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await assert.rejects(fixture.auth.login(`guess${attempt}`, 'wrong password!', '198.51.100.7'), wrong);
    }
    await assert.rejects(fixture.auth.login('alice', 'alice password 1', '198.51.100.7'), rejectsWith('rate_limited'));
    await fixture.auth.login('alice', 'alice password 1', '198.51.100.8');
    fixture.clock.advance(15 * minute);
    await fixture.auth.login('alice', 'alice password 1', '198.51.100.7');
  });

  it('ends a session after 12 hours without use, sliding the expiry on use', async () => {
    const login = await fixture.auth.login('alice', 'alice password 1', '10.1.1.1');
    fixture.clock.advance(11 * hour);
    const used = await fixture.auth.session(login.sessionId);
    assert.equal(Date.parse(used?.expiresAt ?? ''), fixture.clock.now().getTime() + sessionIdleMs);
    fixture.clock.advance(11 * hour);
    assert.ok(await fixture.auth.session(login.sessionId), '22 h after login, 11 h after last use');
    fixture.clock.advance(sessionIdleMs);
    assert.equal(await fixture.auth.session(login.sessionId), undefined);
    assert.equal(await fixture.store.sessions.get(sha256Hex(login.sessionId)), undefined, 'an expired session is removed');
  });

  it('ends a session 7 days after login however active it is', async () => {
    const login = await fixture.auth.login('alice', 'alice password 1', '10.1.1.1');
    const absoluteEnd = fixture.clock.now().getTime() + sessionAbsoluteMs;
    for (let elapsed = 0; elapsed + 11 * hour < sessionAbsoluteMs; elapsed += 11 * hour) {
      fixture.clock.advance(11 * hour);
      const session = await fixture.auth.session(login.sessionId);
      assert.ok(session, `active at ${elapsed / hour + 11} h`);
      assert.ok(Date.parse(session.expiresAt) <= absoluteEnd);
    }
    fixture.clock.advance(absoluteEnd - fixture.clock.now().getTime());
    assert.equal(await fixture.auth.session(login.sessionId), undefined);
  });

  it('writes the sliding expiry at most once a minute', async () => {
    const login = await fixture.auth.login('alice', 'alice password 1', '10.1.1.1');
    const hash = sha256Hex(login.sessionId);
    const before = await fixture.store.sessions.get(hash);
    fixture.clock.advance(30_000);
    await fixture.auth.session(login.sessionId);
    assert.deepEqual(await fixture.store.sessions.get(hash), before);
    fixture.clock.advance(30_000);
    await fixture.auth.session(login.sessionId);
    assert.equal((await fixture.store.sessions.get(hash))?.lastSeenAt, fixture.clock.now().toISOString());
  });

  it('logs out, and knows no unknown or empty session id', async () => {
    const login = await fixture.auth.login('alice', 'alice password 1', '10.1.1.1');
    await fixture.auth.logout(login.sessionId);
    assert.equal(await fixture.auth.session(login.sessionId), undefined);
    await fixture.auth.logout(login.sessionId);
    assert.equal(await fixture.auth.session(''), undefined);
    assert.equal(await fixture.auth.session('made-up'), undefined);
  });

  it('ends sessions when the user is disabled, demoted, given a new password or deleted', async () => {
    const change = async (apply: () => Promise<unknown>) => {
      const login = await fixture.auth.login('alice', 'alice password 1', '10.1.1.1');
      const other = await fixture.auth.login('admin', strongPassword, '10.1.1.1');
      await apply();
      assert.equal(await fixture.auth.session(login.sessionId), undefined);
      assert.ok(await fixture.auth.session(other.sessionId), "another user's session stays");
    };
    await change(() => fixture.users.update('alice', { role: 'viewer' }, 'user:admin'));
    await change(() => fixture.users.update('alice', { password: 'alice password 1' }, 'user:admin'));
    await change(async () => {
      await fixture.users.update('alice', { disabled: true }, 'user:admin');
      await fixture.users.update('alice', { disabled: false }, 'user:admin');
    });
    await change(() => fixture.users.delete('alice', 'user:admin'));
  });
});
