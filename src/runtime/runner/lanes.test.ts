import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Mode } from '../../core/index.ts';
import { createRunnerPool } from './runner-pool.ts';
import { processExists, tempLogsDir, testResolvers } from './test-resolvers.ts';
import type { BlockRunResult, RunnerPool, RunnerPoolOptions } from './types.ts';

const prodCanary = `prod-canary-${randomBytes(6).toString('hex')}`;
const { resolvers } = testResolvers({}, { PGPW: { dev: 'dev-password', prod: prodCanary } });
let logsDir: string;
const pools: RunnerPool[] = [];

before(async () => {
  logsDir = await tempLogsDir();
});
after(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await rm(logsDir, { recursive: true, force: true });
});

function newPool(options: Partial<RunnerPoolOptions> = {}): RunnerPool {
  const pool = createRunnerPool({ size: 2, logsDir, ...resolvers, ...options });
  pools.push(pool);
  return pool;
}

async function run(pool: RunnerPool, mode: Mode, author: string, code: string): Promise<BlockRunResult> {
  const result = await pool.run({ code, inputs: [], mode, author, executionId: `lane-${randomBytes(3).toString('hex')}` });
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  return result;
}

const escape = "const escaped = consoleMsg.constructor('return process')();";
// Keeps every message its runner receives from now on, as the attack in issue 9 did.
const plant = `async function () { ${escape} escaped.kept ??= []; escaped.on('message', (message) => escaped.kept.push(JSON.stringify(message))); return escaped.pid; }`;
// Reversed, so redaction of the run's result cannot hide a leak from the test.
const readBack = `async function () { ${escape} return { pid: escaped.pid, kept: escaped.kept?.map((text) => [...text].reverse().join('')) ?? null }; }`;
const usesProdSecret = 'async function () { return secrets.PGPW.length; }';

const lanePids = (pool: RunnerPool, mode: Mode, author: string): number[] =>
  pool.stats().lanes.find((lane) => lane.mode === mode && lane.author === author)?.runners.map((runner) => runner.pid) ?? [];

describe('trust lanes', () => {
  it('never lets code planted in a dev run see a later prod run, round after round', async () => {
    const pool = newPool();
    for (let round = 0; round < 5; round++) {
      await run(pool, 'dev', 'user:alice', plant);
      await run(pool, 'prod', 'user:alice', usesProdSecret);
      await run(pool, 'prod', 'user:bob', usesProdSecret);
      const { result } = await run(pool, 'dev', 'user:alice', readBack);
      const kept = (result as { kept: string[] | null }).kept ?? [];
      assert.ok(kept.length > 0, 'the planted listener saw its own lane’s runs');
      assert.ok(!kept.some((message) => message.includes([...prodCanary].reverse().join(''))), `round ${round}: a dev runner received the prod value`);
    }
  });

  it('gives each (mode, author) its own runners and shows them per lane', async () => {
    const pool = newPool();
    await run(pool, 'dev', 'user:alice', readBack);
    await run(pool, 'prod', 'user:alice', readBack);
    await run(pool, 'dev', 'user:bob', readBack);
    const stats = pool.stats();
    assert.deepEqual(stats.lanes.map((lane) => `${lane.mode}/${lane.author}`).sort(), ['dev/user:alice', 'dev/user:bob', 'prod/user:alice']);
    const all = stats.lanes.flatMap((lane) => lane.runners.map((runner) => runner.pid));
    assert.equal(new Set(all).size, all.length, 'a runner serves two lanes');
    // A new spare is started in the background after a lane takes one.
    await new Promise(setImmediate);
    assert.equal(pool.stats().spares, 1);
    const planted = await run(pool, 'dev', 'user:bob', plant);
    assert.equal(((await run(pool, 'dev', 'user:alice', readBack)).result as { kept: unknown }).kept, null);
    assert.equal(typeof planted.result, 'number');
  });

  /** The largest spare count seen, polled every few ms, from when `author`'s run took its runner until the run ended. */
  async function sparesDuring(pool: RunnerPool, author: string, running: Promise<unknown>): Promise<number> {
    let settled = false;
    void running.finally(() => (settled = true));
    let most = 0;
    while (!settled) {
      const stats = pool.stats();
      if (stats.lanes.some((lane) => lane.author === author && lane.runners.some((runner) => runner.busy))) most = Math.max(most, stats.spares);
      await sleep(5);
    }
    return most;
  }

  it('starts the replacement of a taken spare once the run has ended, not on its way', async () => {
    // No replacement part way through, however slow the machine makes this run.
    const pool = newPool({ spareRefillDelayMs: 60_000 });
    const running = run(pool, 'dev', 'user:quick', 'async function () { await new Promise((done) => setTimeout(done, 30)); return 1; }');
    assert.equal(await sparesDuring(pool, 'user:quick', running), 0, 'a spare was started while the run that took one was in progress');
    await new Promise(setImmediate);
    assert.equal(pool.stats().spares, 1);
  });

  it('starts the replacement of a taken spare during a long run', async () => {
    const pool = newPool();
    const running = run(pool, 'dev', 'user:slow', 'async function () { await new Promise((done) => setTimeout(done, 600)); return 1; }');
    assert.equal(await sparesDuring(pool, 'user:slow', running), 1);
  });

  it('ends the least recently used idle lane past maxLanes', async () => {
    const pool = newPool({ maxLanes: 2 });
    await run(pool, 'dev', 'user:a', readBack);
    const [first] = lanePids(pool, 'dev', 'user:a');
    assert.ok(first !== undefined);
    await run(pool, 'dev', 'user:b', readBack);
    await run(pool, 'dev', 'user:c', readBack);
    assert.deepEqual(pool.stats().lanes.map((lane) => lane.author), ['user:b', 'user:c']);
    for (let waited = 0; waited < 3000 && processExists(first); waited += 50) await sleep(50);
    assert.equal(processExists(first), false, 'the evicted lane’s runner still runs');
  });

  it('ends a lane after laneIdleMs without a run', async () => {
    const pool = newPool({ laneIdleMs: 200 });
    await run(pool, 'prod', 'user:a', readBack);
    assert.equal(pool.stats().lanes.length, 1);
    await sleep(600);
    assert.deepEqual(pool.stats().lanes, []);
    assert.equal((await run(pool, 'prod', 'user:a', 'async function () { return 1; }')).result, 1);
  });
});
