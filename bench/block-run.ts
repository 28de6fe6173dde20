/**
 * A warm JavaScript Block run that does `SELECT 1` through `connections.db`, measured four ways in
 * the same run: through `services.runs.runCode` (runner process, IPC, recording), through the
 * runner pool alone (no recording), over `POST /api/blocks/run` on a real server in this process,
 * and the baseline: the same query on a `pg.Pool` held by this script. A block that runs no query,
 * on the runner pool, shows the fixed cost of a run.
 * Run alone with `node bench/block-run.ts`; bench/run.ts calls runBlockRunBench().
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createRunnerPool, type RunnerPool } from '../src/runtime/runner/index.ts';
import { connectionResolver } from '../src/service/connection-clients.ts';
import type { OpenedServices } from '../src/service/index.ts';
import { startServer } from '../src/server/start.ts';
import { summarize, type Measurement } from './measure.ts';

export const blockCode = `async function () {
  return (await connections.db.query('SELECT 1 AS n')).rows[0].n;
}`;

/** A block that touches nothing: what a run costs before the query. */
const emptyBlockCode = 'async function () { return 1; }';

/** The same query five times in one run: shows whether the cost over the baseline comes per run or per query. */
const fiveQueriesBlockCode = `async function () {
  let n;
  for (let i = 0; i < 5; i++) n = (await connections.db.query('SELECT 1 AS n')).rows[0].n;
  return n;
}`;

const postgres = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: 'unused-with-trust-auth' };

export interface BlockRunBenchResult {
  runCode: Measurement;
  runnerPool: Measurement;
  runnerPoolEmptyBlock: Measurement;
  runnerPoolFiveQueries: Measurement;
  restApi: Measurement;
  baseline: Measurement;
}

/** What a run must give back; anything else means the measurement timed a failure. */
function checkResult(where: string, status: string | undefined, result: unknown, error?: unknown): void {
  if (status !== 'ok' || result !== 1) {
    throw new Error(`${where}: expected status ok and result 1, got status ${status} result ${JSON.stringify(result)} ${JSON.stringify(error ?? '')}`);
  }
}

async function createDbConnection(services: OpenedServices): Promise<void> {
  await services.secrets.set({ name: 'PG_PASSWORD', value: postgres.password, mode: 'dev' }, 'bench');
  await services.connections.create(
    {
      name: 'db',
      type: 'postgres',
      devSource: `{ host: '${postgres.host}', port: ${postgres.port}, database: '${postgres.database}', user: '${postgres.user}', password: secrets.PG_PASSWORD }`,
    },
    'bench',
  );
}

/** The runner pool as the run service builds it, over the same saved connection, without recording the run. */
function createBareRunnerPool(services: OpenedServices, logsDir: string): RunnerPool {
  const resolve = connectionResolver(services);
  return createRunnerPool({
    logsDir,
    redactor: services.redactor,
    async resolveConnection(name, mode) {
      const resolved = await resolve(name, mode);
      return { name, type: resolved.connector.id, config: resolved.config, secretFields: resolved.connector.secretFields };
    },
    secretValue: (name, mode) => services.secretValues.value(name, mode),
  });
}

/**
 * Times every way once per round, taking turns, after a warm-up of a tenth of the rounds: on a
 * machine with other work going on, a busy moment then falls on all of them alike instead of
 * on whichever happened to be measured at the time.
 */
async function measureInTurns<Way extends string>(rounds: number, ways: Record<Way, () => Promise<void>>): Promise<Record<Way, Measurement>> {
  const names = Object.keys(ways) as Way[];
  for (let i = 0; i < Math.ceil(rounds / 10); i++) for (const name of names) await ways[name]();
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Way, number[]>;
  for (let i = 0; i < rounds; i++) {
    for (const name of names) {
      const t0 = performance.now();
      await ways[name]();
      samples[name].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples[name])])) as Record<Way, Measurement>;
}

export async function runBlockRunBench(iterations = 500): Promise<BlockRunBenchResult> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-bench-'));
  const server = await startServer({
    dataDir: path.join(root, 'data'),
    port: 0,
    env: { ZIGGY_ADMIN_PASSWORD: `bench-${process.pid}-admin` },
    // Lines are built as in production (level info) but not written anywhere.
    logger: { destination: { write: () => undefined }, level: 'info' },
  });
  const baselinePool = new pg.Pool(postgres);
  const runnerPool = createBareRunnerPool(server.services, path.join(root, 'bare-pool-logs'));
  try {
    const { services } = server;
    await createDbConnection(services);
    const admin = { username: 'admin', roles: { dev: 'admin', prod: 'admin' }, via: 'session', actor: 'user:admin' } as const;
    const { token } = await services.tokens.create(admin, { name: 'bench', username: 'admin' });

    const runCode = () => services.runs.runCode({ code: blockCode, mode: 'dev' }, 'bench');
    const first = await runCode();
    checkResult('services.runs.runCode', first.status, first.result, first.error);

    const request = { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ code: blockCode, mode: 'dev' }) };
    const callApi = async () => {
      const response = await fetch(`${server.url}/api/blocks/run`, request);
      return { status: response.status, body: (await response.json()) as { status?: string; result?: unknown; error?: unknown } };
    };
    const reply = await callApi();
    if (reply.status !== 200) throw new Error(`POST /api/blocks/run answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    checkResult('POST /api/blocks/run', reply.body.status, reply.body.result, reply.body.error);

    const baselineQuery = async () => (await baselinePool.query<{ n: number }>('SELECT 1 AS n')).rows[0]?.n;
    checkResult('pg.Pool', 'ok', await baselineQuery());

    let executions = 0;
    const runOnPool = (code: string) => runnerPool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: `bench-${++executions}` });
    for (const code of [blockCode, emptyBlockCode, fiveQueriesBlockCode]) {
      const pooled = await runOnPool(code);
      checkResult('runner pool', pooled.status, pooled.result, pooled.error);
    }

    return await measureInTurns(iterations, {
      runCode: async () => void (await runCode()),
      runnerPool: async () => void (await runOnPool(blockCode)),
      runnerPoolEmptyBlock: async () => void (await runOnPool(emptyBlockCode)),
      runnerPoolFiveQueries: async () => void (await runOnPool(fiveQueriesBlockCode)),
      restApi: async () => void (await callApi()),
      baseline: async () => void (await baselineQuery()),
    });
  } finally {
    await runnerPool.close();
    await baselinePool.end();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

export function formatBlockRunBench(result: BlockRunBenchResult): string {
  const base = result.baseline;
  const us = (value: number): string => value.toFixed(1);
  const over = (m: Measurement): string => `+${us(m.medianUs - base.medianUs)} | +${us(m.p99Us - base.p99Us)}`;
  const row = (label: string, m: Measurement, overhead: string): string =>
    `| ${label} | ${m.iterations} | ${us(m.medianUs)} | ${us(m.p99Us)} | ${overhead} | ${m.opsPerSecond.toLocaleString('en-US')} |`;
  return [
    '| what | runs | median µs | p99 µs | median over baseline µs | p99 over baseline µs | runs/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('`services.runs.runCode` (runner process, IPC, recorded run)', result.runCode, over(result.runCode)),
    row('runner pool alone: `createRunnerPool().run` (no record)', result.runnerPool, over(result.runnerPool)),
    row('runner pool alone, a block that only returns 1 (no query)', result.runnerPoolEmptyBlock, over(result.runnerPoolEmptyBlock)),
    row(
      'runner pool alone, `SELECT 1` five times in one block (over 5 × the baseline median)',
      result.runnerPoolFiveQueries,
      `+${us(result.runnerPoolFiveQueries.medianUs - 5 * base.medianUs)} | —`,
    ),
    row('`POST /api/blocks/run` with an API token, server in this process', result.restApi, over(result.restApi)),
    row('baseline: `SELECT 1 AS n` on a `pg.Pool` in this script', base, '— | —'),
  ].join('\n');
}

if (import.meta.main) {
  console.log(formatBlockRunBench(await runBlockRunBench()));
}
