import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeHeld, describeMismatches, mismatchedCounts } from './verify.ts';

const counts = [
  { table: 'connections', source: 3, target: 3 },
  { table: 'users', source: 0, target: 0 },
  { table: 'runs', source: 100, target: 99 },
];

it('finds and names the tables whose counts differ', () => {
  const mismatches = mismatchedCounts(counts);
  assert.deepEqual(mismatches, [{ table: 'runs', source: 100, target: 99 }]);
  assert.equal(describeMismatches(mismatches), 'runs 100 in the source, 99 in the target');
  assert.deepEqual(mismatchedCounts(counts.slice(0, 2)), []);
});

it('names what a target holds, leaving out empty tables', () => {
  assert.equal(describeHeld(counts), '3 connections, 99 runs');
  assert.equal(describeHeld([{ table: 'users', source: 0, target: 0 }]), '');
});
