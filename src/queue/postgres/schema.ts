import { runMigrations, type Logger } from 'graphile-worker';
import type pg from 'pg';

/** The advisory-lock class of the queue: its set-up (key 0) and each worker's liveness lock (key: the worker id's hash). */
export const queueLockClass = 8601;

/**
 * The queue's tables: graphile-worker's own schema, which dispatches jobs (LISTEN/NOTIFY,
 * SKIP LOCKED), and `ziggy_run_jobs`, the state of each run as servers and workers see it.
 * Set up under an advisory lock so instances starting at once do it once.
 */
export async function setUpQueue(pool: pg.Pool, logger: Logger): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, 0)', [queueLockClass]);
    try {
      await runMigrations({ pgPool: pool, logger });
      await client.query(`
        CREATE TABLE IF NOT EXISTS ziggy_run_jobs (
          id text PRIMARY KEY,
          payload jsonb,
          state text NOT NULL CHECK (state IN ('queued', 'running', 'done')),
          worker text,
          dispatch_job text,
          dispatch_worker text,
          submitted_at timestamptz NOT NULL DEFAULT now(),
          started_at timestamptz,
          finished_at timestamptz
        );
        ALTER TABLE ziggy_run_jobs
          ADD COLUMN IF NOT EXISTS attempt integer NOT NULL DEFAULT 1,
          ADD COLUMN IF NOT EXISTS max_attempts integer NOT NULL DEFAULT 1;
        CREATE INDEX IF NOT EXISTS ziggy_run_jobs_running ON ziggy_run_jobs (worker) WHERE state = 'running';
        CREATE INDEX IF NOT EXISTS ziggy_run_jobs_queued ON ziggy_run_jobs (id) WHERE state = 'queued';
        CREATE INDEX IF NOT EXISTS ziggy_run_jobs_done ON ziggy_run_jobs (finished_at) WHERE state = 'done';
      `);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, 0)', [queueLockClass]);
    }
  } finally {
    client.release();
  }
}
