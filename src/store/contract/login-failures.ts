import { it } from 'node:test';
import assert from 'node:assert/strict';
import { unique } from './helpers.ts';
import type { UseStore } from './helpers.ts';
import type { Store } from '../types.ts';

// Cases write at times of their own far in the past, and first clear anything older, so counts hold on a shared database.
const base = Date.parse('1999-01-01T00:00:00.000Z');
const at = (seconds: number): string => new Date(base + seconds * 1000).toISOString();

async function clearBefore(store: Store, seconds: number): Promise<void> {
  await store.loginFailures.deleteOlderThan(at(seconds));
}

export function loginFailureCases(using: UseStore): void {
  it('records a failure under a username key and an address key, and lists the newest later than a time', using(async (store) => {
    const alice = unique('user');
    const address = unique('address');
    for (const second of [10, 20, 30]) await store.loginFailures.record({ usernameKey: alice, addressKey: address, at: at(second) });
    await store.loginFailures.record({ usernameKey: unique('user'), addressKey: address, at: at(40) });

    assert.deepEqual(await store.loginFailures.recent('username', alice, at(0), 10), [at(30), at(20), at(10)]);
    assert.deepEqual(await store.loginFailures.recent('address', address, at(0), 10), [at(40), at(30), at(20), at(10)]);
    assert.deepEqual(await store.loginFailures.recent('username', alice, at(10), 10), [at(30), at(20)], 'later than, not at');
    assert.deepEqual(await store.loginFailures.recent('address', address, at(0), 2), [at(40), at(30)], 'at most the limit, newest');
    assert.deepEqual(await store.loginFailures.recent('address', alice, at(0), 10), [], 'a username key is not an address key');
  }));

  it('keeps two failures of one key at the same millisecond apart', using(async (store) => {
    const bob = unique('user');
    await store.loginFailures.record({ usernameKey: bob, addressKey: unique('address'), at: at(50) });
    await store.loginFailures.record({ usernameKey: bob, addressKey: unique('address'), at: at(50) });
    assert.deepEqual(await store.loginFailures.recent('username', bob, at(0), 10), [at(50), at(50)]);
  }));

  it("clears a username's failures and leaves its addresses' and other usernames'", using(async (store) => {
    const carol = unique('user');
    const dave = unique('user');
    const address = unique('address');
    await store.loginFailures.record({ usernameKey: carol, addressKey: address, at: at(60) });
    await store.loginFailures.record({ usernameKey: dave, addressKey: address, at: at(61) });
    await store.loginFailures.clearUsername(carol);
    assert.deepEqual(await store.loginFailures.recent('username', carol, at(0), 10), []);
    assert.deepEqual(await store.loginFailures.recent('username', dave, at(0), 10), [at(61)]);
    assert.deepEqual(await store.loginFailures.recent('address', address, at(0), 10), [at(61), at(60)]);
  }));

  it('deletes failures at or before a time, of every key, and says how many', using(async (store) => {
    await clearBefore(store, 100);
    const erin = unique('user');
    const address = unique('address');
    for (const second of [100, 110, 120]) await store.loginFailures.record({ usernameKey: erin, addressKey: address, at: at(second) });
    assert.equal(await store.loginFailures.deleteOlderThan(at(110)), 4);
    assert.deepEqual(await store.loginFailures.recent('username', erin, at(0), 10), [at(120)]);
    assert.deepEqual(await store.loginFailures.recent('address', address, at(0), 10), [at(120)]);
    assert.equal(await store.loginFailures.deleteOlderThan(at(110)), 0);
  }));
}
