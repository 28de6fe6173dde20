/**
 * One reap pass of the PostgreSQL run queue (dead workers, stranded dispatch jobs, old done rows),
 * which every server and worker makes once a second, over a table holding an hour of done runs at
 * 200 runs/s. Baseline in the same run: the same pass after dropping the partial index on queued
 * rows, so the stranded-job query reads the whole table. Run: node bench/queue-reap.ts
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgresQueue } from '../src/queue/index.ts';
import { postgresDatabases } from '../test/support/postgres-databases.ts';
import { measure, type Measurement } from './measure.ts';

export interface QueueReapBenchResult {
  doneRows: number;
  queuedRuns: number;
  indexed: Measurement;
  unindexed: Measurement;
}

const noAbandoned = async (): Promise<void> => {};

export async function runQueueReapBench(doneRows = 720_000, queuedRuns = 5, passes = 100): Promise<QueueReapBenchResult> {
  const databases = postgresDatabases('ziggy_bench_reap');
  const url = await databases.fresh('reap');
  const queue = await openPostgresQueue({ url });
  const database = new pg.Client({ connectionString: url });
  await database.connect();
  try {
    await database.query(
      `INSERT INTO ziggy_run_jobs (id, payload, state, worker, started_at, finished_at)
       SELECT 'done-' || n, '{}', 'done', 'bench', now(), now() FROM generate_series(1, $1::int) AS n`,
      [doneRows],
    );
    for (let index = 0; index < queuedRuns; index++) await queue.submit(`queued-${index}`, {});
    await database.query('ANALYZE ziggy_run_jobs');
    const reap = async () => void (await queue.reap(noAbandoned));
    const indexed = await measure(passes, reap);
    await database.query('DROP INDEX ziggy_run_jobs_queued');
    const unindexed = await measure(passes, reap);
    return { doneRows, queuedRuns, indexed, unindexed };
  } finally {
    await database.end();
    await queue.close();
    await databases.dropAll();
  }
}

export function formatQueueReapBench(result: QueueReapBenchResult): string {
  const ms = (us: number) => (us / 1000).toFixed(2);
  const row = (label: string, m: Measurement) => `| ${label} | ${m.iterations} | ${ms(m.medianUs)} | ${ms(m.p99Us)} |`;
  return [
    `One reap pass over ${result.doneRows.toLocaleString('en-US')} done rows and ${result.queuedRuns} queued runs.`,
    '',
    '| setup | passes | median ms | p99 ms |',
    '| --- | ---: | ---: | ---: |',
    row('partial index on queued rows (as shipped)', result.indexed),
    row('baseline: without that index', result.unindexed),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatQueueReapBench(await runQueueReapBench()));
}
