/**
 * The SQL Block's `select` streaming 1,000,000 rows in batches of 10,000, next to a raw pg-cursor
 * reading the same query with the same batch size (the baseline), and the same select run and
 * recorded through `services.runs.runOperation`. Each runs in a fresh child process (this script
 * forked with `--variant NAME`), so one's peak memory cannot show in another's.
 * Run alone with `node bench/sql-stream.ts`; bench/run.ts calls runSqlStreamBench().
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import Cursor from 'pg-cursor';
import postgresConnector from '../src/connectors/postgres/index.ts';
import { openServices } from '../src/service/index.ts';

export const streamSql = 'SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 1000000) g';
export const streamRows = 1_000_000;
export const streamBatchSize = 10_000;

const postgres = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };
const variants = ['select', 'cursor', 'runOperation'] as const;
type Variant = (typeof variants)[number];

export interface StreamFigures {
  variant: Variant;
  rows: number;
  durationMs: number;
  rowsPerSecond: number;
  /** Largest rss and heapUsed seen above what they were just before the query started, bytes. */
  peakRssGrowth: number;
  peakHeapGrowth: number;
  /** Where memory was sampled: at every batch (and on a 5 ms timer), or on the timer alone. */
  sampledAt: 'batch' | 'timer';
  /** Fresh processes the figures are the median of. */
  rounds: number;
}

export type SqlStreamBenchResult = Record<Variant, StreamFigures>;

type Row = Record<string, unknown>;

/**
 * Peak rss and heapUsed above the figures at creation. Samples are taken when asked (every
 * batch) and on a 5 ms timer, which is the only way to see inside a run that hides its batches.
 */
export class PeakMemory {
  readonly #start = process.memoryUsage();
  #rss = 0;
  #heap = 0;
  readonly #timer = setInterval(() => this.sample(), 5);

  sample(): void {
    const now = process.memoryUsage();
    this.#rss = Math.max(this.#rss, now.rss - this.#start.rss);
    this.#heap = Math.max(this.#heap, now.heapUsed - this.#start.heapUsed);
  }

  stop(): { peakRssGrowth: number; peakHeapGrowth: number } {
    clearInterval(this.#timer);
    this.sample();
    return { peakRssGrowth: this.#rss, peakHeapGrowth: this.#heap };
  }
}

export interface Streamed {
  rows: number;
  durationMs: number;
  memory: { peakRssGrowth: number; peakHeapGrowth: number };
}

/** Times `read` from a memory baseline taken after a full collection, so setup garbage is not counted. */
export async function timed(read: (memory: PeakMemory) => Promise<number>): Promise<Streamed> {
  globalThis.gc?.();
  const memory = new PeakMemory();
  const started = performance.now();
  const rows = await read(memory);
  const durationMs = performance.now() - started;
  return { rows, durationMs, memory: memory.stop() };
}

async function streamWithSelect(): Promise<Streamed> {
  const pool = await postgresConnector.createClient(postgresConnector.schema.parse(postgres));
  const select = postgresConnector.operations.select;
  if (select === undefined) throw new Error('The postgres connector has no select operation.');
  const params = select.input.parse({ sql: streamSql, batchSize: streamBatchSize });
  const context = { signal: new AbortController().signal, log: () => undefined };
  try {
    await pool.query('SELECT 1');
    return await timed(async (memory) => {
      let rows = 0;
      for await (const batch of (await select.run(pool, params, context)) as AsyncIterable<Row[]>) {
        rows += batch.length;
        memory.sample();
      }
      return rows;
    });
  } finally {
    await postgresConnector.closeClient(pool);
  }
}

async function streamWithCursor(): Promise<Streamed> {
  const pool = new pg.Pool(postgres);
  try {
    await pool.query('SELECT 1');
    return await timed(async (memory) => {
      const client = await pool.connect();
      try {
        const cursor = client.query(new Cursor<Row>(streamSql));
        let rows = 0;
        for (;;) {
          const batch = await cursor.read(streamBatchSize);
          rows += batch.length;
          memory.sample();
          if (batch.length < streamBatchSize) break;
        }
        await cursor.close();
        return rows;
      } finally {
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
}

async function streamWithRunOperation(): Promise<Streamed> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-bench-'));
  const services = await openServices({ dataDir, env: {} });
  try {
    await services.connections.create(
      { name: 'db', type: 'postgres', devSource: `{ host: '${postgres.host}', port: ${postgres.port}, database: '${postgres.database}', user: '${postgres.user}' }` },
      'bench',
    );
    const run = (sql: string, batchSize: number) =>
      services.runs.runOperation({ connection: 'db', operation: 'select', params: { sql, batchSize }, mode: 'dev' }, 'bench');
    // Creates the cached client, as a warm server would have it.
    await run('SELECT 1', 1);
    let record: Awaited<ReturnType<typeof run>> | undefined;
    const streamed = await timed(async () => {
      record = await run(streamSql, streamBatchSize);
      return record.stats?.['rows'] ?? 0;
    });
    if (record?.status !== 'ok') throw new Error(`runOperation ended with status ${record?.status}: ${record?.error?.message}`);
    return streamed;
  } finally {
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const readers: Record<Variant, () => Promise<Streamed>> = {
  select: streamWithSelect,
  cursor: streamWithCursor,
  runOperation: streamWithRunOperation,
};

/** Runs one variant in a fresh child process of this script and returns what it measured. */
function inChild(variant: Variant): Promise<StreamFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--variant', variant], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let figures: StreamFigures | undefined;
    child.on('message', (message) => {
      figures = message as StreamFigures;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (figures !== undefined && code === 0) resolve(figures);
      else reject(new Error(`The ${variant} child process exited with code ${code} without figures.`));
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Each figure is the median over `rounds` fresh processes per variant; the variants take turns so drift hits all alike. */
export async function runSqlStreamBench(rounds = 3): Promise<SqlStreamBenchResult> {
  const runs: Record<Variant, StreamFigures[]> = { select: [], cursor: [], runOperation: [] };
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) runs[variant].push(await inChild(variant));
  }
  const result = {} as SqlStreamBenchResult;
  for (const variant of variants) {
    const figures = runs[variant];
    const of = (pick: (f: StreamFigures) => number): number => median(figures.map(pick));
    result[variant] = {
      variant,
      rows: of((f) => f.rows),
      durationMs: of((f) => f.durationMs),
      rowsPerSecond: of((f) => f.rowsPerSecond),
      peakRssGrowth: of((f) => f.peakRssGrowth),
      peakHeapGrowth: of((f) => f.peakHeapGrowth),
      sampledAt: figures[0]?.sampledAt ?? 'batch',
      rounds,
    };
  }
  return result;
}

export function formatSqlStreamBench(result: SqlStreamBenchResult): string {
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  const labels: Record<Variant, string> = {
    select: 'SQL Block `select` operation, batchSize 10,000',
    runOperation: '`services.runs.runOperation` of the same select (counted, bounded record)',
    cursor: 'baseline: raw `pg-cursor`, `read(10000)` until done',
  };
  const base = result.cursor.rowsPerSecond;
  const row = (variant: Variant): string => {
    const f = result[variant];
    const versus = variant === 'cursor' ? '1×' : `${(f.rowsPerSecond / base).toFixed(2)}×`;
    return `| ${labels[variant]} | ${f.rows.toLocaleString('en-US')} | ${Math.round(f.rowsPerSecond).toLocaleString('en-US')} | ${versus} | ${mb(f.peakRssGrowth)} | ${mb(f.peakHeapGrowth)} | ${f.sampledAt === 'batch' ? 'every batch' : '5 ms timer'} |`;
  };
  return [
    '| what | rows | rows/s | vs baseline | peak RSS growth MB | peak heap growth MB | memory sampled |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    row('select'),
    row('runOperation'),
    row('cursor'),
  ].join('\n');
}

async function childMain(variant: Variant): Promise<void> {
  const streamed = await readers[variant]();
  if (streamed.rows !== streamRows) throw new Error(`The ${variant} read ${streamed.rows} rows, not ${streamRows}.`);
  const figures: StreamFigures = {
    variant,
    rows: streamed.rows,
    durationMs: streamed.durationMs,
    rowsPerSecond: (streamed.rows * 1000) / streamed.durationMs,
    ...streamed.memory,
    sampledAt: variant === 'runOperation' ? 'timer' : 'batch',
    rounds: 1,
  };
  await new Promise<void>((resolve, reject) => process.send?.(figures, (error: Error | null) => (error ? reject(error) : resolve())));
  process.disconnect?.();
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { variant: { type: 'string' } } });
  const variant = variants.find((name) => name === values.variant);
  if (values.variant !== undefined && variant === undefined) throw new Error(`Unknown variant "${values.variant}"; use one of ${variants.join(', ')}.`);
  if (variant !== undefined) await childMain(variant);
  else console.log(formatSqlStreamBench(await runSqlStreamBench()));
}
