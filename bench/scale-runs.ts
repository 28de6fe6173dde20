/**
 * Block runs per second and their latency with 8 clients for 60 s: two servers handing runs to
 * two workers through the PostgreSQL queue, next to one server on SQLite running them itself,
 * in the same run on the same machine. Run: node bench/scale-runs.ts [seconds]
 */
import { fileURLToPath } from 'node:url';
import { figuresOf, loadRuns, startScaledOut, startSingle, type LoadFigures, type Topology } from '../test/support/run-load.ts';

export interface ScaleRunsBenchResult {
  seconds: number;
  clients: number;
  scaledOut: LoadFigures;
  single: LoadFigures;
}

async function measure(topology: Topology, clients: number, seconds: number): Promise<LoadFigures> {
  try {
    return figuresOf(await loadRuns(topology.servers, clients, seconds));
  } finally {
    await topology.close();
  }
}

export async function runScaleRunsBench(seconds = 60, clients = 8): Promise<ScaleRunsBenchResult> {
  const scaledOut = await measure(await startScaledOut(), clients, seconds);
  const single = await measure(await startSingle(), clients, seconds);
  return { seconds, clients, scaledOut, single };
}

export function formatScaleRunsBench(result: ScaleRunsBenchResult): string {
  const row = (label: string, figures: LoadFigures) =>
    `| ${label} | ${figures.runs.toLocaleString('en-US')} | ${figures.failures} | ${figures.runsPerSecond} | ${figures.p50Ms} | ${figures.p99Ms} |`;
  return [
    `${result.clients} clients, each submitting a block run and waiting for its record before the next, for ${result.seconds} s.`,
    '',
    '| setup | runs | failed | runs/s | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('2 × `ziggy serve --run-on workers` + 2 × `ziggy worker --concurrency 2`, PostgreSQL store and queue', result.scaledOut),
    row('baseline: 1 × `ziggy serve` on SQLite, running blocks itself (2 runners)', result.single),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatScaleRunsBench(await runScaleRunsBench(Number(process.argv[2] ?? 60))));
}
