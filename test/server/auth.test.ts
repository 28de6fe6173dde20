import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.ts';

interface Session {
  cookie: string;
  csrfToken: string;
  setCookie: string;
}

async function login(harness: Harness, username: string, password: string, headers: Record<string, string> = {}): Promise<Session> {
  const reply = await harness.request('POST', '/api/auth/login', { body: { username, password }, headers });
  assert.equal(reply.status, 200, reply.text);
  const setCookie = reply.headers.get('set-cookie') ?? '';
  const cookie = /^(ziggy_session=[^;]+)/.exec(setCookie)?.[1];
  assert.ok(cookie, `no session cookie in "${setCookie}"`);
  return { cookie, csrfToken: reply.body.csrfToken, setCookie };
}

const newSecret = { value: 'auth-test-value' };

describe('sign-in, sessions, CSRF and tokens', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ trustProxy: true });
  });
  after(() => harness.close());

  test('login sets an httpOnly, SameSite=Strict session cookie for the whole site, Secure only over TLS', async () => {
    const plain = await login(harness, 'admin', harness.adminPassword);
    const attributes = plain.setCookie.split(';').map((part) => part.trim().toLowerCase());
    assert.ok(attributes.includes('httponly'));
    assert.ok(attributes.includes('samesite=strict'));
    assert.ok(attributes.includes('path=/'));
    assert.ok(attributes.some((part) => /^max-age=\d+$/.test(part) && Number(part.slice(8)) > 60));
    assert.ok(!attributes.includes('secure'), 'no Secure over plain http');

    const overTls = await login(harness, 'admin', harness.adminPassword, { 'x-forwarded-proto': 'https' });
    assert.ok(overTls.setCookie.split(';').map((part) => part.trim().toLowerCase()).includes('secure'));
  });

  test('a session reads without CSRF; every state change needs the CSRF token and a same-origin Origin', async () => {
    const session = await login(harness, 'editor-user', `editor-${harness.adminPassword}`);
    const me = await harness.request('GET', '/api/auth/me', { headers: { cookie: session.cookie } });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { user: { username: 'editor-user', roles: { dev: 'editor', prod: 'editor' } }, via: 'session', csrfToken: session.csrfToken });

    const put = (headers: Record<string, string>) => harness.request('PUT', '/api/secrets/AUTH_TEST', { body: newSecret, headers: { cookie: session.cookie, ...headers } });
    const missing = await put({});
    assert.equal(missing.status, 403);
    assert.equal(missing.body.error, 'forbidden');
    assert.equal((await put({ 'x-csrf-token': 'not-the-token' })).status, 403);
    const crossOrigin = await put({ 'x-csrf-token': session.csrfToken, origin: 'http://evil.example' });
    assert.equal(crossOrigin.status, 403);
    assert.match(crossOrigin.body.message, /Origin/);
    assert.equal((await put({ 'x-csrf-token': session.csrfToken, origin: harness.url })).status, 200);
    assert.equal((await put({ 'x-csrf-token': session.csrfToken })).status, 200, 'no Origin header (not a browser) is fine');
  });

  test('a bearer token needs no CSRF token, and the cookie is ignored when a token is sent', async () => {
    const reply = await harness.request('PUT', '/api/secrets/AUTH_TEST', { token: harness.tokens.editor, body: newSecret, headers: { origin: 'http://elsewhere.example' } });
    assert.equal(reply.status, 200);
    const adminSession = await login(harness, 'admin', harness.adminPassword);
    const me = await harness.request('GET', '/api/auth/me', { token: harness.tokens.viewer, headers: { cookie: adminSession.cookie } });
    assert.deepEqual(me.body, { user: { username: 'viewer-user', roles: { dev: 'viewer', prod: 'viewer' } }, via: 'token' });
    const wrongScheme = await harness.request('GET', '/api/auth/me', { headers: { authorization: `Basic ${harness.tokens.viewer}` } });
    assert.equal(wrongScheme.status, 401);
  });

  test('logout ends the session and clears the cookie', async () => {
    const session = await login(harness, 'operator-user', `operator-${harness.adminPassword}`);
    const withoutCsrf = await harness.request('POST', '/api/auth/logout', { headers: { cookie: session.cookie } });
    assert.equal(withoutCsrf.status, 403);
    const reply = await harness.request('POST', '/api/auth/logout', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
    assert.equal(reply.status, 204);
    assert.match(reply.headers.get('set-cookie') ?? '', /^ziggy_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    const after = await harness.request('GET', '/api/auth/me', { headers: { cookie: session.cookie } });
    assert.equal(after.status, 401);
    assert.equal(after.body.error, 'unauthorized');
  });

  test('a wrong password and an unknown user get the same 401 and the same message', async () => {
    const wrong = await harness.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
    const unknown = await harness.request('POST', '/api/auth/login', { body: { username: 'nobody-here', password: 'wrong-password' } });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.error, 'unauthorized');
    assert.equal(wrong.headers.get('set-cookie'), null);
  });

  test('expired and revoked tokens are refused with 401', async () => {
    const { services } = harness.server;
    const created = await harness.request('POST', '/api/tokens', {
      token: harness.tokens.admin,
      body: { name: 'short-lived', expiresAt: new Date(Date.now() + 1500).toISOString() },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal((await harness.request('GET', '/api/auth/me', { token: created.body.token })).status, 200);
    await delay(1600);
    const expired = await harness.request('GET', '/api/auth/me', { token: created.body.token });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error, 'unauthorized');

    const revocable = await harness.request('POST', '/api/tokens', { token: harness.tokens.operator, body: { name: 'to-revoke' } });
    assert.equal(revocable.status, 201);
    assert.equal(revocable.body.view.username, 'operator-user');
    assert.equal((await harness.request('DELETE', `/api/tokens/${revocable.body.view.id}`, { token: revocable.body.token })).status, 204);
    assert.equal((await harness.request('GET', '/api/connections', { token: revocable.body.token })).status, 401);
    assert.ok((await services.tokens.list({ username: 'operator-user', roles: { dev: 'operator', prod: 'operator' }, via: 'token', actor: 'test' })).some((view) => view.revokedAt !== null));
  });

  test("a token never exceeds its owner's role", async () => {
    const escalate = await harness.request('POST', '/api/tokens', { token: harness.tokens.operator, body: { name: 'escalate', role: 'admin' } });
    assert.equal(escalate.status, 403);
    assert.equal(escalate.body.error, 'forbidden');
    const forViewer = await harness.request('POST', '/api/tokens', {
      token: harness.tokens.admin,
      body: { name: 'too-strong', username: 'viewer-user', role: 'editor' },
    });
    assert.equal(forViewer.status, 403);
    const weaker = await harness.request('POST', '/api/tokens', { token: harness.tokens.editor, body: { name: 'read-only', role: 'viewer' } });
    assert.equal(weaker.status, 201);
    assert.equal(weaker.body.view.role, 'viewer');
    const write = await harness.request('PUT', '/api/secrets/AUTH_TEST', { token: weaker.body.token, body: newSecret });
    assert.equal(write.status, 403, 'the viewer token of an editor cannot write');
    assert.equal((await harness.request('GET', '/api/tokens?all=true', { token: harness.tokens.editor })).status, 403);
  });
});

describe('login rate limiting', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  test('the 11th bad login for a user is refused with 429 and Retry-After, even with the right password', async () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const reply = await harness.request('POST', '/api/auth/login', { body: { username: 'admin', password: `guess-${attempt}` } });
      assert.equal(reply.status, 401, `attempt ${attempt}`);
    }
    const limited = await harness.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'guess-11' } });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0, `Retry-After: ${limited.headers.get('retry-after')}`);
    const right = await harness.request('POST', '/api/auth/login', { body: { username: 'admin', password: harness.adminPassword } });
    assert.equal(right.status, 429);
  });
});
