import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZiggyError } from '../core/index.ts';
import { manualClock } from './auth-fixture.ts';
import { LoginLimiter } from './login-limiter.ts';

const minute = 60_000;

function assertLimited(limiter: LoginLimiter, username: string, address: string, retryAfterSeconds: number): void {
  assert.throws(() => limiter.assertAllowed(username, address), (error: unknown) => {
    assert.ok(error instanceof ZiggyError);
    assert.equal(error.id, 'rate_limited');
    assert.equal(error.status, 429);
    const minutes = Math.ceil(retryAfterSeconds / 60);
    assert.equal(
      error.message,
      `Too many failed logins for this user or address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
    assert.deepEqual(error.details, { retryAfterSeconds });
    return true;
  });
}

describe('LoginLimiter', () => {
  it('allows 10 failures per username within 15 minutes, from any address', () => {
    const clock = manualClock();
    const limiter = new LoginLimiter({ now: clock.now });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      limiter.assertAllowed('alice', `10.0.0.${attempt}`);
      limiter.recordFailure('alice', `10.0.0.${attempt}`);
      clock.advance(minute);
    }
    // The first failure was 10 minutes ago: it leaves the window in 5.
    assertLimited(limiter, 'alice', '10.0.0.99', 5 * 60);
    limiter.assertAllowed('bob', '10.0.0.1');
    clock.advance(5 * minute - 1000);
    assertLimited(limiter, 'alice', '10.0.0.99', 1);
    clock.advance(1000);
    limiter.assertAllowed('alice', '10.0.0.99');
  });

  it('allows 20 failures per address within 15 minutes, across usernames', () => {
    const clock = manualClock();
    const limiter = new LoginLimiter({ now: clock.now });
    for (let attempt = 0; attempt < 20; attempt += 1) limiter.recordFailure(`user${attempt}`, '203.0.113.9');
    assertLimited(limiter, 'someone-new', '203.0.113.9', 15 * 60);
    limiter.assertAllowed('someone-new', '203.0.113.10');
    clock.advance(15 * minute);
    limiter.assertAllowed('someone-new', '203.0.113.9');
  });

  it('clears a username\'s failures on success, but not its address\'s', () => {
    const limiter = new LoginLimiter({ now: manualClock().now, limits: { perUsername: 3, perAddress: 4 } });
    for (let attempt = 0; attempt < 3; attempt += 1) limiter.recordFailure('alice', '10.0.0.1');
    assertLimited(limiter, 'alice', '10.0.0.2', 15 * 60);
    limiter.recordSuccess('alice');
    limiter.assertAllowed('alice', '10.0.0.2');
    limiter.recordFailure('carol', '10.0.0.1');
    assertLimited(limiter, 'alice', '10.0.0.1', 15 * 60);
  });
});
