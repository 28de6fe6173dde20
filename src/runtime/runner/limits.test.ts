import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRunnerPool } from './runner-pool.ts';
import { laneRunnerPids, processExists, processTree, tempLogsDir, testResolvers } from './test-resolvers.ts';
import type { RunnerPool } from './types.ts';

const timeoutMs = 1500;
let logsDir: string;
let pool: RunnerPool;
const { resolvers } = testResolvers({});

before(async () => {
  logsDir = await tempLogsDir();
  pool = createRunnerPool({ size: 2, memoryMb: 64, logsDir, ...resolvers });
});

after(async () => {
  await pool.close();
  await rm(logsDir, { recursive: true, force: true });
});

function run(code: string, options: { timeoutMs?: number } = {}) {
  return pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: 'limits', timeoutMs: options.timeoutMs ?? timeoutMs });
}

async function gone(pids: number[]): Promise<boolean> {
  for (let waited = 0; waited < 3000; waited += 50) {
    if (pids.every((pid) => !processExists(pid))) return true;
    await sleep(50);
  }
  return false;
}

const pids = (of: RunnerPool): number[] => laneRunnerPids(of);

describe('runner limits', () => {
  it('stops a synchronous endless loop at the timeout and keeps the runner', async () => {
    await run('async function () { return 1; }');
    const before = pids(pool);
    const result = await run('async function () { while (true) {} }');
    assert.equal(result.status, 'timeout');
    assert.equal(result.error?.message, 'The block ran longer than 1.5 s and was stopped.');
    assert.ok(result.durationMs >= timeoutMs - 100 && result.durationMs < timeoutMs + 1000, String(result.durationMs));
    assert.deepEqual(pids(pool).sort(), before.sort());
  });

  it('stops a block that never settles by replacing its runner', async () => {
    const replacedBefore = pool.stats().replaced;
    const before = pids(pool);
    const result = await run("async function () { consoleMsg('waiting'); await new Promise(() => {}); }");
    assert.equal(result.status, 'timeout');
    assert.equal(result.error?.message, 'The block ran longer than 1.5 s and was stopped.');
    assert.deepEqual(result.console.map((line) => line.text), ['waiting']);
    const killed = before.filter((pid) => !pids(pool).includes(pid));
    assert.equal(killed.length, 1);
    assert.ok(await gone(killed), 'the timed-out runner is still running');
    assert.equal(pool.stats().replaced, replacedBefore + 1);
    assert.equal((await run('async function () { return "after"; }')).result, 'after');
  });

  it('ends a memory bomb with status memory, and the next run succeeds', async () => {
    const result = await run("async function () { const a = []; while (true) a.push('x'.repeat(1e6)); }", { timeoutMs: 30_000 });
    assert.equal(result.status, 'memory');
    assert.equal(result.error?.message, 'The block used more than 64 MB of memory and was stopped.');
    const next = await run('async function () { return [1, 2, 3].length; }');
    assert.equal(next.status, 'ok');
    assert.equal(next.result, 3);
    // The next run took the spare; its replacement starts once that run has ended.
    await new Promise(setImmediate);
    assert.equal(pool.stats().spares, 1);
  });

  it('queues runs while every runner is busy', async () => {
    const code = 'async function (n) { const start = Date.now(); await snooze(300); return { n, start }; }';
    const results = await Promise.all([1, 2, 3, 4].map((n) => pool.run({ code, inputs: [n], mode: 'dev', author: 'user:test', executionId: `q${n}` })));
    assert.deepEqual(results.map((result) => (result.result as { n: number }).n), [1, 2, 3, 4]);
    const starts = results.map((result) => (result.result as { start: number }).start).sort((a, b) => a - b);
    // Two runners: the third run starts only when one of the first two has ended.
    assert.ok((starts[2] ?? 0) - (starts[0] ?? 0) >= 250, starts.join(', '));
  });

  it('leaves no runner process after close, and ends runs in progress or waiting', async () => {
    const closing = createRunnerPool({ size: 1, logsDir, ...resolvers });
    await closing.run({ code: 'async function () {}', inputs: [], mode: 'dev', author: 'user:test', executionId: 'warm' });
    const running = closing.run({ code: 'async function () { await snooze(10_000); }', inputs: [], mode: 'dev', author: 'user:test', executionId: 'long' });
    const waiting = closing.run({ code: 'async function () { return 1; }', inputs: [], mode: 'dev', author: 'user:test', executionId: 'queued' });
    await sleep(200);
    const before = pids(closing);
    assert.equal(closing.stats().queued, 1);
    await closing.close();
    assert.ok(before.length === 1 && before.every((pid) => !processExists(pid)));
    assert.deepEqual(pids(closing), []);
    assert.equal((await running).error?.message, 'The block was stopped because its runner pool was closed.');
    assert.equal((await waiting).error?.message, 'The block runner pool was closed before the run started.');
    assert.equal((await closing.run({ code: 'async function () {}', inputs: [], mode: 'dev', author: 'user:test', executionId: 'late' })).error?.message, 'The block runner pool is closed.');
  });

  for (const ending of ['exits', 'is killed'] as const) {
    it(`leaves no runner process when the server ${ending} without closing the pool`, async () => {
      const script = `
        import { createRunnerPool } from ${JSON.stringify(new URL('./runner-pool.ts', import.meta.url).href)};
        const pool = createRunnerPool({ size: 2, logsDir: ${JSON.stringify(logsDir)}, resolveConnection: async () => { throw new Error('none'); }, secretValue: async () => undefined });
        await Promise.all([1, 2].map(() => pool.run({ code: 'async function () {}', inputs: [], mode: 'dev', author: 'user:test', executionId: 'x' })));
        console.log(JSON.stringify(pool.stats().lanes.flatMap((lane) => lane.runners.map((runner) => runner.pid))));
        ${ending === 'exits' ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}
      `;
      const server = spawn(process.execPath, ['--input-type=module', '--eval', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const line = await new Promise<string>((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
      const lanePids = JSON.parse(line) as number[];
      assert.equal(lanePids.length, 2);
      // With the sandbox, each runner is bubblewrap and the Node.js process it started: all must end.
      const runnerPids = lanePids.flatMap(processTree);
      assert.ok(runnerPids.length > lanePids.length || !lanePids.some((pid) => processTree(pid).length > 1));
      if (ending === 'is killed') server.kill('SIGKILL');
      assert.ok(await gone(runnerPids), `runners ${runnerPids.join(', ')} outlived their server`);
    });
  }
});
