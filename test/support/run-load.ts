/**
 * The scale-out load: clients submitting block runs to servers as fast as answers come back,
 * for a fixed time. Used by test/scale-load.test.ts (checks nothing is lost or recorded twice)
 * and bench/scale-runs.ts (the figures in docs/benchmarks.md).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { databaseFileName } from '../../src/service/index.ts';
import { postgresDatabases, postgresQuery } from './postgres-databases.ts';
import { signIn } from './sign-in.ts';
import { startZiggy, type ZiggyProcess } from './ziggy-process.ts';

type Call = Awaited<ReturnType<typeof signIn>>;

export interface LoadOutcome {
  /** Ids of runs the servers answered with status ok and the right result. */
  acknowledged: string[];
  /** What went wrong with the others. */
  failures: string[];
  latenciesMs: number[];
  seconds: number;
}

export interface LoadFigures {
  runs: number;
  failures: number;
  runsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const code = 'async function (client, round) { return client * 1000000 + round; }';

/** `clients` loops, each on one of `servers` in turn, each waiting for its run's record before the next. */
export async function loadRuns(servers: readonly Call[], clients: number, seconds: number): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { acknowledged: [], failures: [], latenciesMs: [], seconds };
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const call = servers[client % servers.length];
      if (call === undefined) throw new Error('no server to load');
      for (let round = 0; Date.now() < deadline; round++) {
        const began = performance.now();
        try {
          const run = (await call('POST', '/api/blocks/run', { code, inputs: [client, round] })) as { id: string; status: string; result: unknown };
          outcome.latenciesMs.push(performance.now() - began);
          if (run.status === 'ok' && run.result === client * 1_000_000 + round) outcome.acknowledged.push(run.id);
          else outcome.failures.push(`${run.id}: ${run.status} ${JSON.stringify(run.result)}`);
        } catch (error) {
          outcome.failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  return outcome;
}

export function figuresOf(outcome: LoadOutcome): LoadFigures {
  const sorted = [...outcome.latenciesMs].sort((a, b) => a - b);
  const at = (fraction: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0);
  return {
    runs: outcome.acknowledged.length,
    failures: outcome.failures.length,
    runsPerSecond: Math.round((outcome.acknowledged.length / outcome.seconds) * 10) / 10,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

export interface Topology {
  servers: Call[];
  /** Ids of every recorded run. */
  recordedRunIds(): Promise<string[]>;
  close(): Promise<void>;
}

const adminPassword = `pw-${randomBytes(9).toString('hex')}`;

async function stopAll(processes: readonly ZiggyProcess[]): Promise<void> {
  for (const child of processes) child.child.kill('SIGTERM');
  await Promise.all(processes.map((child) => child.exited));
}

/** Two servers handing runs to two workers (concurrency 2 each) through a PostgreSQL database made for it. */
export async function startScaledOut(): Promise<Topology> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-load-'));
  const databases = postgresDatabases('ziggy_load');
  const storeUrl = await databases.fresh('store');
  const env = { ZIGGY_STORE_URL: storeUrl, ZIGGY_MASTER_KEY: randomBytes(32).toString('base64'), ZIGGY_ADMIN_PASSWORD: adminPassword };
  const at = (name: string) => ({ ...env, ZIGGY_DATA_DIR: path.join(root, name) });
  const processes: ZiggyProcess[] = [];
  try {
    processes.push(await startZiggy('serve', ['--port', '0', '--run-on', 'workers'], at('a')));
    processes.push(
      ...(await Promise.all([
        startZiggy('serve', ['--port', '0', '--run-on', 'workers'], at('b')),
        startZiggy('worker', ['--concurrency', '2', '--name', 'w1'], at('w1')),
        startZiggy('worker', ['--concurrency', '2', '--name', 'w2'], at('w2')),
      ])),
    );
    const servers = await Promise.all(processes.slice(0, 2).map((server) => signIn(server.ready, 'admin', adminPassword)));
    return {
      servers,
      async recordedRunIds() {
        const { rows } = await postgresQuery(storeUrl, 'SELECT id FROM runs');
        return rows.map((row: { id: string }) => row.id);
      },
      async close() {
        await stopAll(processes);
        await databases.dropAll();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll(processes);
    await databases.dropAll();
    throw error;
  }
}

/** One server on the embedded SQLite file, running blocks itself: the default installation. */
export async function startSingle(): Promise<Topology> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-load-'));
  const dataDir = path.join(root, 'data');
  const server = await startZiggy('serve', ['--port', '0'], { ZIGGY_DATA_DIR: dataDir, ZIGGY_ADMIN_PASSWORD: adminPassword });
  try {
    const call = await signIn(server.ready, 'admin', adminPassword);
    return {
      servers: [call],
      async recordedRunIds() {
        // Read from the file itself: the API lists a page of runs at a time.
        const db = new DatabaseSync(path.join(dataDir, databaseFileName), { readOnly: true });
        try {
          return db.prepare('SELECT id FROM runs').all().map((row) => String(row['id']));
        } finally {
          db.close();
        }
      },
      async close() {
        await stopAll([server]);
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll([server]);
    throw error;
  }
}
