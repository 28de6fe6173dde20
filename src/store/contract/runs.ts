import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rejectsWith, unique } from './helpers.ts';
import type { UseStore } from './helpers.ts';
import type { StoredRun } from '../types.ts';

function run(overrides: Partial<StoredRun> = {}): StoredRun {
  return {
    id: randomBytes(12).toString('base64url'),
    target: { kind: 'code', codeHash: 'ab'.repeat(32) },
    mode: 'dev',
    startedBy: 'cli:alice',
    startedAt: new Date().toISOString(),
    durationMs: 12,
    status: 'ok',
    outputs: [],
    console: [],
    truncated: false,
    ...overrides,
  };
}

/** Distinct times in one year, in order, so cases that sort by time do not depend on the clock. */
function at(year: number, second: number): string {
  return new Date(Date.UTC(year, 0, 1, 0, 0, second)).toISOString();
}

export function runCases(using: UseStore): void {
  it('stores a run and reads it back exactly, with optional parts absent or present', using(async (store) => {
    const bare = run();
    assert.deepEqual(await store.runs.insert(bare), bare);
    assert.deepEqual(await store.runs.get(bare.id), bare);
    const full = run({
      target: { kind: 'block', name: unique('load'), version: 3, codeHash: 'cd'.repeat(32) },
      mode: 'prod',
      status: 'error',
      result: null,
      outputs: [{ edge: 0, items: [{ id: 1 }, 'two'] }, { edge: 2, items: [null] }],
      console: [{ level: 'warn', text: 'slow', at: new Date().toISOString() }],
      error: { message: 'TypeError: bad', stack: 'TypeError: bad\n    at block.js:2:3' },
      stats: { rows: 10, batches: 2 },
      truncated: true,
    });
    await store.runs.insert(full);
    assert.deepEqual(await store.runs.get(full.id), full);
    const zero = run({ result: 0 });
    await store.runs.insert(zero);
    assert.equal((await store.runs.get(zero.id))?.result, 0);
    assert.equal(await store.runs.get(randomBytes(12).toString('base64url')), undefined);
  }));

  it('lists runs newest first, filtered by target, status, mode and who started them', using(async (store) => {
    const actor = unique('user:ops');
    const block = unique('load');
    const connection = unique('db');
    const runs = [
      run({ startedBy: actor, startedAt: at(2001, 1), target: { kind: 'block', name: block, version: 1, codeHash: 'x' } }),
      run({ startedBy: actor, startedAt: at(2001, 2), target: { kind: 'operation', connection, operation: 'select' }, status: 'error' }),
      run({ startedBy: actor, startedAt: at(2001, 3), target: { kind: 'block', name: block, version: 2, codeHash: 'y' }, mode: 'prod' }),
      run({ startedBy: actor, startedAt: at(2001, 3), status: 'timeout' }),
    ];
    for (const each of runs) await store.runs.insert(each);
    const ids = (list: StoredRun[]) => list.map((each) => each.id);
    const [first, second, third, fourth] = runs.map((each) => each.id);
    assert.deepEqual(ids(await store.runs.list({ startedBy: actor })), [fourth, third, second, first], 'same time: last inserted first');
    assert.deepEqual(ids(await store.runs.list({ startedBy: actor, target: block })), [third, first]);
    assert.deepEqual(ids(await store.runs.list({ startedBy: actor, target: `${connection}/select` })), [second]);
    assert.deepEqual(ids(await store.runs.list({ startedBy: actor, status: 'error' })), [second]);
    assert.deepEqual(ids(await store.runs.list({ startedBy: actor, mode: 'prod' })), [third]);
    assert.deepEqual(ids(await store.runs.list({ startedBy: actor, limit: 2 })), [fourth, third]);
    assert.deepEqual(await store.runs.list({ target: unique('nothing') }), []);
    await rejectsWith(store.runs.list({ limit: 0 }), 'bad_input', 'Run filter "limit" must be a whole number of at least 1, got 0.');
  }));

  it('deletes runs started before a time and keeps the rest', using(async (store) => {
    const actor = unique('user:old');
    const old = run({ startedBy: actor, startedAt: at(1971, 1) });
    const older = run({ startedBy: actor, startedAt: at(1970, 1) });
    const kept = run({ startedBy: actor, startedAt: at(1971, 3) });
    for (const each of [old, older, kept]) await store.runs.insert(each);
    assert.equal(await store.runs.deleteOlderThan(at(1971, 2)), 2);
    assert.deepEqual((await store.runs.list({ startedBy: actor })).map((each) => each.id), [kept.id]);
    await rejectsWith(store.runs.deleteOlderThan('yesterday'), 'bad_input');
  }));

  // Retention by count is global: in a shared database this case deletes every other run but the newest few.
  it('keeps only the newest runs when asked to keep a count', using(async (store) => {
    const actor = unique('user:many');
    // The last year ISO times can write: newer than any other run; a tie with an earlier execution goes to the later insert.
    const runs = [1, 2, 3, 4].map((second) => run({ startedBy: actor, startedAt: at(9999, second) }));
    for (const each of runs) await store.runs.insert(each);
    await store.runs.deleteBeyondCount(2);
    assert.deepEqual((await store.runs.list({ startedBy: actor })).map((each) => each.id), [runs[3]?.id, runs[2]?.id]);
    assert.equal(await store.runs.deleteBeyondCount(2), 0);
    await rejectsWith(store.runs.deleteBeyondCount(-1), 'bad_input');
  }));
}
