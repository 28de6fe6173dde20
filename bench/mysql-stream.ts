/**
 * The SQL Block's `select` streaming 1,000,000 rows from MariaDB in batches of 10,000, next to a
 * raw mysql2 row stream of the same query (the baseline). Each runs in a fresh child process
 * (this script forked with `--variant NAME`), so one's peak memory cannot show in another's.
 * Run alone with `node bench/mysql-stream.ts`; bench/run.ts calls runMysqlStreamBench().
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2';
import mysqlConnector from '../src/connectors/mysql/index.ts';
import { median, timed, type Streamed } from './sql-stream.ts';

const streamSql = 'SELECT seq AS id, MD5(seq) AS payload FROM seq_1_to_1000000';
const streamRows = 1_000_000;
const streamBatchSize = 10_000;
const mariadb = { host: '127.0.0.1', port: 3306, database: 'test', user: 'root' };
const variants = ['select', 'raw'] as const;
type Variant = (typeof variants)[number];

export interface MysqlStreamFigures {
  rows: number;
  rowsPerSecond: number;
  peakRssGrowth: number;
  peakHeapGrowth: number;
  rounds: number;
}

export type MysqlStreamBenchResult = Record<Variant, MysqlStreamFigures>;

async function streamWithSelect(): Promise<Streamed> {
  const pool = await mysqlConnector.createClient(mysqlConnector.schema.parse(mariadb));
  const select = mysqlConnector.operations.select;
  if (select === undefined) throw new Error('The mysql connector has no select operation.');
  const params = select.input.parse({ sql: streamSql, batchSize: streamBatchSize });
  const context = { signal: new AbortController().signal, log: () => undefined };
  try {
    await pool.query('SELECT 1');
    return await timed(async (memory) => {
      let rows = 0;
      for await (const batch of (await select.run(pool, params, context)) as AsyncIterable<unknown[]>) {
        rows += batch.length;
        memory.sample();
      }
      return rows;
    });
  } finally {
    await mysqlConnector.closeClient(pool);
  }
}

/** The baseline: mysql2's own row stream of a prepared statement, as its docs show it. */
async function streamRaw(): Promise<Streamed> {
  const pool = mysql.createPool(mariadb);
  try {
    await pool.promise().query('SELECT 1');
    return await timed(async (memory) => {
      let rows = 0;
      const connection = await new Promise<mysql.PoolConnection>((resolve, reject) =>
        pool.getConnection((error, got) => (error === null ? resolve(got) : reject(error))),
      );
      try {
        for await (const row of connection.execute(streamSql).stream({ highWaterMark: streamBatchSize })) {
          if (row !== undefined) rows += 1;
          if (rows % streamBatchSize === 0) memory.sample();
        }
      } finally {
        connection.release();
      }
      return rows;
    });
  } finally {
    await pool.promise().end();
  }
}

const readers: Record<Variant, () => Promise<Streamed>> = { select: streamWithSelect, raw: streamRaw };

function inChild(variant: Variant): Promise<MysqlStreamFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--variant', variant], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let figures: MysqlStreamFigures | undefined;
    child.on('message', (message) => {
      figures = message as MysqlStreamFigures;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (figures !== undefined && code === 0) resolve(figures);
      else reject(new Error(`The ${variant} child process exited with code ${code} without figures.`));
    });
  });
}

/** Each figure is the median over `rounds` fresh processes per variant; the variants take turns so drift hits both alike. */
export async function runMysqlStreamBench(rounds = 3): Promise<MysqlStreamBenchResult> {
  const runs: Record<Variant, MysqlStreamFigures[]> = { select: [], raw: [] };
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) runs[variant].push(await inChild(variant));
  }
  const of = (variant: Variant, pick: (f: MysqlStreamFigures) => number): number => median(runs[variant].map(pick));
  const summary = (variant: Variant): MysqlStreamFigures => ({
    rows: of(variant, (f) => f.rows),
    rowsPerSecond: of(variant, (f) => f.rowsPerSecond),
    peakRssGrowth: of(variant, (f) => f.peakRssGrowth),
    peakHeapGrowth: of(variant, (f) => f.peakHeapGrowth),
    rounds,
  });
  return { select: summary('select'), raw: summary('raw') };
}

export function formatMysqlStreamBench(result: MysqlStreamBenchResult): string {
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  const row = (label: string, f: MysqlStreamFigures): string =>
    `| ${label} | ${f.rows.toLocaleString('en-US')} | ${Math.round(f.rowsPerSecond).toLocaleString('en-US')} | ${(f.rowsPerSecond / result.raw.rowsPerSecond).toFixed(2)}× | ${mb(f.peakRssGrowth)} | ${mb(f.peakHeapGrowth)} |`;
  return [
    '| what | rows | rows/s | vs baseline | peak RSS growth MB | peak heap growth MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('SQL Block `select` on MariaDB, batchSize 10,000', result.select),
    row('baseline: raw mysql2 `execute(…).stream()`', result.raw),
  ].join('\n');
}

async function childMain(variant: Variant): Promise<void> {
  const streamed = await readers[variant]();
  if (streamed.rows !== streamRows) throw new Error(`The ${variant} read ${streamed.rows} rows, not ${streamRows}.`);
  const figures: MysqlStreamFigures = { rows: streamed.rows, rowsPerSecond: (streamed.rows * 1000) / streamed.durationMs, ...streamed.memory, rounds: 1 };
  await new Promise<void>((resolve, reject) => process.send?.(figures, (error: Error | null) => (error ? reject(error) : resolve())));
  process.disconnect?.();
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { variant: { type: 'string' } } });
  const variant = variants.find((name) => name === values.variant);
  if (values.variant !== undefined && variant === undefined) throw new Error(`Unknown variant "${values.variant}"; use one of ${variants.join(', ')}.`);
  if (variant !== undefined) await childMain(variant);
  else console.log(formatMysqlStreamBench(await runMysqlStreamBench()));
}
