/**
 * Whether a worker is alive, told by PostgreSQL itself: each worker holds a session advisory
 * lock on a connection of its own for as long as it runs. A killed worker's connection closes
 * with its process, which frees the lock at once; nobody has to wait for a heartbeat to age.
 */
import pg from 'pg';
import { queueLockClass } from './schema.ts';

export interface Liveness {
  /** Rejects… never; resolves with the error when the connection holding the lock is lost. */
  lost: Promise<Error>;
  release(): Promise<void>;
}

export async function holdLiveness(url: string, workerId: string): Promise<Liveness> {
  const client = new pg.Client({ connectionString: url, application_name: `ziggy-worker ${workerId}`.slice(0, 63) });
  let reportLoss: (error: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => {
    reportLoss = resolve;
  });
  let released = false;
  client.on('error', (error) => reportLoss(error));
  client.on('end', () => {
    if (!released) reportLoss(new Error('the connection to PostgreSQL that marks this worker alive was closed'));
  });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [queueLockClass, workerId]);
  return {
    lost,
    async release() {
      released = true;
      await client.end().catch(() => {});
    },
  };
}

/** The workers among `workers` whose liveness lock nobody holds. */
export async function deadWorkers(pool: pg.Pool, workers: readonly string[]): Promise<string[]> {
  if (workers.length === 0) return [];
  const client = await pool.connect();
  try {
    const dead: string[] = [];
    for (const worker of workers) {
      const { rows } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [queueLockClass, worker]);
      if (rows[0]?.free === true) {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [queueLockClass, worker]);
        dead.push(worker);
      }
    }
    return dead;
  } finally {
    client.release();
  }
}

/** How many workers hold their liveness lock now. */
export async function liveWorkerCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(
    "SELECT count(*) AS count FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND objid <> 0 AND granted",
    [queueLockClass],
  );
  return Number(rows[0]?.count ?? 0);
}
