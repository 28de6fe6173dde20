/**
 * What a run in a new trust lane costs next to a warm run in an existing one, in the same loop:
 * with a spare ready (the default, `spares: 1`), and without spares (a process start on the
 * request path), which is what the spares save. The block only returns 1, so the figures are the
 * runner's own cost, not a database's. Run: node bench/lane-run.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRunnerPool, type RunnerPool } from '../src/runtime/runner/index.ts';
import { summarize, type Measurement } from './measure.ts';

export interface LaneRunBenchResult {
  warm: Measurement;
  newLaneWithSpare: Measurement;
  newLaneWithoutSpare: Measurement;
  isolation: string;
}

const code = 'async function () { return 1; }';
// A runner's start in the sandbox takes about a second of CPU, and a taken spare's replacement
// starts only once the run that took it has ended, beside the no-spare pool's process start: long
// enough for the replacement to be ready before the next new lane, so that row measures a ready spare.
const spareStartPauseMs = 1500;

async function timed(pool: RunnerPool, author: string, into: number[]): Promise<void> {
  const t0 = performance.now();
  const result = await pool.run({ code, inputs: [], mode: 'dev', author, executionId: 'bench' });
  into.push(performance.now() - t0);
  if (result.status !== 'ok' || result.result !== 1) throw new Error(`run in lane ${author}: ${JSON.stringify(result)}`);
}

export async function runLaneRunBench(rounds = 40): Promise<LaneRunBenchResult> {
  const logsDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-lane-bench-'));
  const none = { resolveConnection: async () => Promise.reject(new Error('no connections here')), secretValue: async () => undefined };
  const withSpare = createRunnerPool({ logsDir, ...none, spares: 1, maxLanes: 4 });
  const withoutSpare = createRunnerPool({ logsDir, ...none, spares: 0, maxLanes: 4 });
  const samples = { warm: [] as number[], withSpare: [] as number[], withoutSpare: [] as number[] };
  try {
    for (const pool of [withSpare, withoutSpare]) await timed(pool, 'user:warm', []);
    for (let round = 0; round < rounds; round++) {
      await sleep(spareStartPauseMs);
      await timed(withSpare, 'user:warm', samples.warm);
      await timed(withSpare, `user:new-${round}`, samples.withSpare);
      await timed(withoutSpare, `user:new-${round}`, samples.withoutSpare);
    }
    return {
      warm: summarize(samples.warm),
      newLaneWithSpare: summarize(samples.withSpare),
      newLaneWithoutSpare: summarize(samples.withoutSpare),
      isolation: withSpare.stats().isolation.summary,
    };
  } finally {
    await Promise.all([withSpare.close(), withoutSpare.close()]);
    await rm(logsDir, { recursive: true, force: true });
  }
}

export function formatLaneRunBench(result: LaneRunBenchResult): string {
  const ms = (us: number): string => (us / 1000).toFixed(2);
  const row = (label: string, m: Measurement): string =>
    `| ${label} | ${m.iterations} | ${ms(m.medianUs)} | ${ms(m.p99Us)} | +${ms(m.medianUs - result.warm.medianUs)} |`;
  return [
    `Isolation: ${result.isolation}.`,
    '',
    '| what | runs | median ms | p99 ms | median over warm ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    row('warm run in an existing lane (baseline)', result.warm),
    row('first run of a new lane, a spare ready', result.newLaneWithSpare),
    row('first run of a new lane, no spares (process start on the request path)', result.newLaneWithoutSpare),
  ].join('\n');
}

if (import.meta.main) {
  console.log(formatLaneRunBench(await runLaneRunBench()));
}
