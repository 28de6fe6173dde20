import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ZiggyError } from '../core/index.ts';
import { openSqliteStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { manualClock, type ManualClock } from './auth-fixture.ts';
import { LoginLimiter, type LoginLimits } from './login-limiter.ts';

const minute = 60_000;

async function assertLimited(limiter: LoginLimiter, username: string, address: string, retryAfterSeconds: number): Promise<void> {
  await assert.rejects(limiter.assertAllowed(username, address), (error: unknown) => {
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
  let dir: string;
  let file: string;
  let store: Store;
  const key = randomBytes(32);
  // Each case starts at its own time, far from the others, so their failures never share a window.
  let caseStart = Date.parse('2030-01-01T00:00:00.000Z');
  function limiterAt(limits: Partial<LoginLimits> = {}): { clock: ManualClock; limiter: LoginLimiter } {
    caseStart += 24 * 60 * minute;
    const clock = manualClock(caseStart);
    return { clock, limiter: new LoginLimiter({ failures: store.loginFailures, key, now: clock.now, limits }) };
  }

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-limiter-'));
    file = path.join(dir, 'ziggy.db');
    store = await openSqliteStore({ file });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('allows 10 failures per username within 15 minutes, from any address', async () => {
    const { clock, limiter } = limiterAt();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await limiter.assertAllowed('alice', `10.0.0.${attempt}`);
      await limiter.recordFailure('alice', `10.0.0.${attempt}`);
      clock.advance(minute);
    }
    // The first failure was 10 minutes ago: it leaves the window in 5.
    await assertLimited(limiter, 'alice', '10.0.0.99', 5 * 60);
    await limiter.assertAllowed('bob', '10.0.0.1');
    clock.advance(5 * minute - 1000);
    await assertLimited(limiter, 'alice', '10.0.0.99', 1);
    clock.advance(1000);
    await limiter.assertAllowed('alice', '10.0.0.99');
  });

  it('allows 20 failures per address within 15 minutes, across usernames', async () => {
    const { clock, limiter } = limiterAt();
    for (let attempt = 0; attempt < 20; attempt += 1) await limiter.recordFailure(`user${attempt}`, '203.0.113.9');
    await assertLimited(limiter, 'someone-new', '203.0.113.9', 15 * 60);
    await limiter.assertAllowed('someone-new', '203.0.113.10');
    clock.advance(15 * minute);
    await limiter.assertAllowed('someone-new', '203.0.113.9');
  });

  it("clears a username's failures on success, but not its address's", async () => {
    const { limiter } = limiterAt({ perUsername: 3, perAddress: 4 });
    for (let attempt = 0; attempt < 3; attempt += 1) await limiter.recordFailure('alice', '10.0.0.1');
    await assertLimited(limiter, 'alice', '10.0.0.2', 15 * 60);
    await limiter.recordSuccess('alice');
    await limiter.assertAllowed('alice', '10.0.0.2');
    await limiter.recordFailure('carol', '10.0.0.1');
    await assertLimited(limiter, 'alice', '10.0.0.1', 15 * 60);
  });

  it('counts together with another limiter on the same store and key, and apart with another key', async () => {
    const { clock, limiter } = limiterAt({ perUsername: 2 });
    const sameKey = new LoginLimiter({ failures: store.loginFailures, key, now: clock.now, limits: { perUsername: 2 } });
    const otherKey = new LoginLimiter({ failures: store.loginFailures, key: randomBytes(32), now: clock.now, limits: { perUsername: 2 } });
    await limiter.recordFailure('dave', '10.0.1.1');
    await sameKey.recordFailure('dave', '10.0.1.2');
    await assertLimited(limiter, 'dave', '10.0.1.3', 15 * 60);
    await assertLimited(sameKey, 'dave', '10.0.1.3', 15 * 60);
    await otherKey.assertAllowed('dave', '10.0.1.3');
  });

  it('deletes failures that left the window, and stores neither the typed name nor the address', async () => {
    const { clock, limiter } = limiterAt();
    const typedPassword = `Typed-As-Username-${randomBytes(4).toString('hex')}`;
    await limiter.recordFailure(typedPassword, '192.0.2.77');
    const bytes = Buffer.concat(await Promise.all([file, `${file}-wal`].map((candidate) => readFile(candidate).catch(() => Buffer.alloc(0)))));
    assert.equal(bytes.indexOf(typedPassword), -1, 'the typed name is not in the database file');
    assert.equal(bytes.indexOf('192.0.2.77'), -1, 'the address is not in the database file');
    clock.advance(15 * minute);
    // The next failure, a window later, prunes every older one (this case's first, the earlier cases'): only its own two rows are left.
    await limiter.recordFailure('erin', '192.0.2.78');
    const now = clock.now().getTime();
    assert.equal(await store.loginFailures.deleteOlderThan(new Date(now - 1).toISOString()), 0, 'older failures were pruned');
    assert.equal(await store.loginFailures.deleteOlderThan(new Date(now).toISOString()), 2);
  });
});
