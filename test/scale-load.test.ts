import assert from 'node:assert/strict';
import { test } from 'node:test';
import { figuresOf, loadRuns, startScaledOut, startSingle, type Topology } from './support/run-load.ts';

// 8 clients submitting block runs for ZIGGY_LOAD_SECONDS (default 60) to two servers with two
// workers on PostgreSQL, then to one server on SQLite. Checked: every acknowledged run is
// recorded exactly once and nothing else is. The latencies are printed, never asserted on.
const seconds = Number(process.env['ZIGGY_LOAD_SECONDS'] ?? 60);
const clients = 8;

async function checkedLoad(label: string, topology: Topology): Promise<void> {
  try {
    const outcome = await loadRuns(topology.servers, clients, seconds);
    assert.deepEqual(outcome.failures.slice(0, 5), [], `${outcome.failures.length} runs failed`);
    assert.ok(outcome.acknowledged.length > 0);
    const recorded = await topology.recordedRunIds();
    assert.equal(new Set(recorded).size, recorded.length, 'no run is recorded twice');
    const recordedSet = new Set(recorded);
    assert.deepEqual(outcome.acknowledged.filter((id) => !recordedSet.has(id)), [], 'every acknowledged run is recorded');
    assert.equal(recorded.length, outcome.acknowledged.length, 'nothing is recorded that was not acknowledged');
    const figures = figuresOf(outcome);
    console.log(`${label}: ${figures.runs} runs in ${seconds} s, ${figures.runsPerSecond} runs/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`);
  } finally {
    await topology.close();
  }
}

test('two servers and two workers on PostgreSQL under 8 clients: no run lost or recorded twice', { timeout: (seconds + 120) * 1000 }, async () => {
  await checkedLoad('2 servers + 2 workers (PostgreSQL)', await startScaledOut());
});

test('the single-process SQLite server under the same load, for comparison', { timeout: (seconds + 120) * 1000 }, async () => {
  await checkedLoad('1 server (SQLite)', await startSingle());
});
