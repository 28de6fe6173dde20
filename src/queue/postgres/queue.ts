/**
 * The run queue on PostgreSQL. graphile-worker dispatches: a job is added in the same
 * transaction as the run's row, so a submitted run is never lost, and workers hear of it at
 * once by LISTEN/NOTIFY and take it with SKIP LOCKED. The run's own state lives in
 * `ziggy_run_jobs`: a worker claims a run (queued → running, under its id) before starting
 * it, and marks it done after recording it; a waiting server hears of that by NOTIFY. A worker
 * that dies leaves its runs `running` under its id, and the first process to notice its liveness
 * lock is free takes them: a run with attempts left (submitted with `maxAttempts` > 1) is queued
 * again under a new dispatch job; the others go to the `abandoned` handler. A worker that dies
 * between taking a dispatch job and claiming its run leaves the run queued: it gets a new job.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { ZiggyError } from '../../core/errors.ts';
import { writeTransaction } from '../../store/postgres/database.ts';
import { listenChannel, type ChannelListener } from '../../store/postgres/listener.ts';
import type { Job, JobHandlers, JobQueue, JobStatus, QueueHealth, QueueWorker, WorkOptions } from '../types.ts';
import { deadWorkers, holdLiveness, liveWorkerCount } from './liveness.ts';
import { setUpQueue } from './schema.ts';

const task = 'ziggy_run';
const doneChannel = 'ziggy_runs';
// A missed notice (a reconnect) costs a waiter at most this long.
const waitPollMs = 2_000;
// Done rows are kept a while for `status`, then deleted.
const keepDoneMs = 60 * 60_000;
// More would mean a run that keeps killing its workers goes on doing so.
const maxAttemptsAllowed = 10;

export interface OpenPostgresQueueOptions {
  url: string;
  /** graphile-worker's warnings and errors; its info and debug lines are dropped. */
  log?: (level: 'error' | 'warning', message: string) => void;
  /** Connections of this process for the queue; default 4 plus a worker's concurrency. */
  maxConnections?: number;
}

interface JobRow {
  id: string;
  payload: unknown;
  state: JobStatus['state'];
  worker: string | null;
  submitted_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  dispatch_job: string | null;
  dispatch_worker: string | null;
  attempt: number;
  max_attempts: number;
}

// After being aborted, a run has this long to end before the dispatcher is killed.
const abortedRunGraceMs = 5_000;

/** Whether `promise` settled within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([promise.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  clearTimeout(timer);
  return settled;
}

const jobOf = (row: Pick<JobRow, 'id' | 'payload' | 'submitted_at' | 'attempt' | 'max_attempts'>): Job => ({
  id: row.id,
  payload: row.payload,
  submittedAt: row.submitted_at.toISOString(),
  attempt: row.attempt,
  maxAttempts: row.max_attempts,
});

// The first attempt's dispatch job is keyed by the run id, a later one by `id#attempt`: a new job, never the dead worker's.
const dispatchKeySql = (id: string, attempt: string): string => `CASE WHEN ${attempt} = 1 THEN ${id} ELSE ${id} || '#' || ${attempt} END`;
// Parameters: the run id, its attempt.
const addDispatchJob = `SELECT graphile_worker.add_job('${task}', json_build_object('id', $1::text), job_key => ${dispatchKeySql('$1::text', '$2::int')}, max_attempts => 1)`;
// Claiming a run takes milliseconds after its dispatch job is locked: locked this long with the run
// still queued, the job was taken by a worker that died (or lost the database) before claiming it.
const strandedAfterMs = 30_000;

function checkMaxAttempts(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isSafeInteger(value) || value < 1 || value > maxAttemptsAllowed) {
    throw new ZiggyError('bad_input', `maxAttempts must be a whole number from 1 to ${maxAttemptsAllowed}, got ${value}.`, { field: 'maxAttempts' });
  }
  return value;
}

export async function openPostgresQueue(options: OpenPostgresQueueOptions): Promise<JobQueue> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 4 });
  // A connection lost while idle or in use (a PostgreSQL restart) fails the query using it, never the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const logger = new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') options.log?.(level, message);
  });
  try {
    await setUpQueue(pool, logger);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const waiters = new Map<string, Set<() => void>>();
  let doneListener: ChannelListener | undefined;
  let utils: Promise<WorkerUtils> | undefined;
  const workerUtils = (): Promise<WorkerUtils> => (utils ??= makeWorkerUtils({ pgPool: pool, logger }));

  function wake(id: string): void {
    for (const resolve of waiters.get(id) ?? []) resolve();
  }

  async function isDone(id: string): Promise<boolean> {
    const { rows } = await pool.query<{ state: string }>('SELECT state FROM ziggy_run_jobs WHERE id = $1', [id]);
    return rows[0] === undefined || rows[0].state === 'done';
  }

  /** Marks a running job done if it is still `worker`'s, telling waiters; false when someone else ended it. */
  async function markDone(id: string, worker: string): Promise<boolean> {
    const { rowCount } = await pool.query(
      `WITH done AS (
         UPDATE ziggy_run_jobs SET state = 'done', finished_at = now() WHERE id = $1 AND state = 'running' AND worker = $2 RETURNING id
       ) SELECT pg_notify($3, id) FROM done`,
      [id, worker, doneChannel],
    );
    return rowCount === 1;
  }

  /** Queues a stopped worker's running jobs that have attempts left again, each under a new dispatch job, in one transaction. */
  async function requeue(worker: string, ids: readonly string[] | undefined): Promise<Pick<JobRow, 'dispatch_job' | 'dispatch_worker'>[]> {
    return writeTransaction(pool, async (client) => {
      // The dispatch job of the stopped attempt is read before the row forgets it, so it can be freed.
      const { rows } = await client.query<{ id: string; attempt: number; dispatch_job: string | null; dispatch_worker: string | null }>(
        `WITH stopped AS (
           SELECT id, dispatch_job, dispatch_worker FROM ziggy_run_jobs
            WHERE worker = $1 AND state = 'running' AND attempt < max_attempts AND ($2::text[] IS NULL OR id = ANY($2))
            FOR UPDATE
         )
         UPDATE ziggy_run_jobs AS run
            SET state = 'queued', worker = NULL, started_at = NULL, dispatch_job = NULL, dispatch_worker = NULL, attempt = run.attempt + 1
           FROM stopped WHERE run.id = stopped.id
         RETURNING run.id, run.attempt, stopped.dispatch_job, stopped.dispatch_worker`,
        [worker, ids ?? null],
      );
      for (const row of rows) await client.query(addDispatchJob, [row.id, row.attempt]);
      return rows;
    });
  }

  /**
   * Takes a stopped worker's running jobs: those with attempts left are queued again, the others
   * are given to `abandoned` once. Frees the dispatch jobs of both.
   */
  async function abandon(worker: string, ids: readonly string[] | undefined, abandoned: JobHandlers['abandoned']): Promise<number> {
    const requeued = await requeue(worker, ids);
    const { rows } = await pool.query<JobRow>(
      `UPDATE ziggy_run_jobs SET state = 'done', finished_at = now()
        WHERE worker = $1 AND state = 'running' AND ($2::text[] IS NULL OR id = ANY($2))
        RETURNING *`,
      [worker, ids ?? null],
    );
    for (const row of rows) {
      try {
        await abandoned(jobOf(row), worker);
      } finally {
        await pool.query('SELECT pg_notify($1, $2)', [doneChannel, row.id]);
      }
    }
    const taken = [...requeued, ...rows];
    const dispatchWorkers = [...new Set(taken.flatMap((row) => (row.dispatch_worker === null ? [] : [row.dispatch_worker])))];
    const dispatchJobs = taken.flatMap((row) => (row.dispatch_job === null ? [] : [row.dispatch_job]));
    if (dispatchJobs.length > 0) {
      const worker = await workerUtils();
      await worker.forceUnlockWorkers(dispatchWorkers);
      await worker.completeJobs(dispatchJobs);
    }
    return taken.length;
  }

  /**
   * Gives a new dispatch job to each queued run whose own can no longer start it: locked for long
   * by a worker that never claimed the run, failed (claiming threw), or gone. Without this such a
   * run would wait for graphile-worker's 4-hour lock expiry, or forever. Harmless when the old job
   * still starts after all: a run is claimed once, and the later handler finds it taken.
   */
  async function redispatchStranded(): Promise<number> {
    const { rows } = await pool.query<{ id: string; attempt: number }>(
      `SELECT run.id, run.attempt FROM ziggy_run_jobs AS run
         LEFT JOIN graphile_worker.jobs AS job ON job.key = ${dispatchKeySql('run.id', 'run.attempt')}
        WHERE run.state = 'queued'
          AND (job.id IS NULL
               OR (job.locked_at IS NULL AND job.attempts >= job.max_attempts)
               OR job.locked_at < now() - $1 * interval '1 millisecond')`,
      [strandedAfterMs],
    );
    // add_job on a locked job's key takes the key from it and makes a new job; on a failed one it resets it.
    for (const row of rows) await pool.query(addDispatchJob, [row.id, row.attempt]);
    return rows.length;
  }

  return {
    async submit(id, payload, submitOptions = {}) {
      const maxAttempts = checkMaxAttempts(submitOptions.maxAttempts);
      await writeTransaction(pool, async (client) => {
        await client.query("INSERT INTO ziggy_run_jobs (id, payload, state, max_attempts) VALUES ($1, $2, 'queued', $3)", [id, JSON.stringify(payload), maxAttempts]);
        await client.query(addDispatchJob, [id, 1]);
      });
    },

    async waitFor(id, signal) {
      doneListener ??= listenChannel({
        url: options.url,
        channel: doneChannel,
        onNotice: wake,
        onGap: () => {
          for (const waiting of waiters.keys()) wake(waiting);
        },
      });
      await doneListener.ready;
      signal?.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const set = waiters.get(id) ?? new Set<() => void>();
        waiters.set(id, set);
        const finish = (error?: unknown): void => {
          if (settled) return;
          settled = true;
          clearInterval(poll);
          signal?.removeEventListener('abort', aborted);
          set.delete(check);
          if (set.size === 0) waiters.delete(id);
          if (error === undefined) resolve();
          else reject(error);
        };
        const check = (): void => {
          isDone(id).then((done) => done && finish(), () => {});
        };
        const aborted = (): void => finish(signal?.reason);
        set.add(check);
        signal?.addEventListener('abort', aborted);
        const poll = setInterval(check, waitPollMs);
        check();
      });
    },

    async status(id) {
      const { rows } = await pool.query<JobRow>('SELECT * FROM ziggy_run_jobs WHERE id = $1', [id]);
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        id: row.id,
        state: row.state,
        payload: row.payload,
        submittedAt: row.submitted_at.toISOString(),
        attempt: row.attempt,
        maxAttempts: row.max_attempts,
        ...(row.worker === null ? {} : { worker: row.worker }),
        ...(row.started_at === null ? {} : { startedAt: row.started_at.toISOString() }),
        ...(row.finished_at === null ? {} : { finishedAt: row.finished_at.toISOString() }),
      };
    },

    async work(work: WorkOptions, handlers: JobHandlers): Promise<QueueWorker> {
      const id = `${work.name}@${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
      const liveness = await holdLiveness(options.url, id);
      const active = new Map<string, { job: Job; controller: AbortController }>();
      let runner: Runner;
      try {
        runner = await run({
          pgPool: pool,
          concurrency: work.concurrency,
          noHandleSignals: true,
          pollInterval: 1_000,
          logger,
          taskList: {
            [task]: async (payload, helpers) => {
              const runId = typeof payload === 'object' && payload !== null ? (payload as { id?: unknown }).id : undefined;
              if (typeof runId !== 'string') return;
              const { rows } = await pool.query<JobRow>(
                `UPDATE ziggy_run_jobs SET state = 'running', worker = $2, started_at = now(), dispatch_job = $3, dispatch_worker = $4
                  WHERE id = $1 AND state = 'queued' RETURNING *`,
                [runId, id, helpers.job.id, helpers.job.locked_by],
              );
              const row = rows[0];
              if (row === undefined) return;
              const job = jobOf(row);
              const controller = new AbortController();
              active.set(runId, { job, controller });
              try {
                await handlers.run(job, controller.signal);
              } finally {
                active.delete(runId);
                // Not done when `stop` gave it up meanwhile: markDone then changes nothing.
                await markDone(runId, id).catch(() => {});
              }
            },
          },
        });
      } catch (error) {
        await liveness.release();
        throw error;
      }
      return {
        id,
        active: () => [...active.keys()],
        lost: liveness.lost,
        async stop(timeoutMs) {
          // runner.stop() takes no new jobs and resolves when the running ones have ended.
          const stopped = runner.stop().then(
            () => true,
            () => true,
          );
          const unfinished = (await within(stopped, timeoutMs)) ? [] : [...active.keys()];
          if (unfinished.length > 0) {
            // Given up first, so the aborted runs ending now cannot mark themselves done.
            await abandon(id, unfinished, handlers.abandoned);
            for (const { controller } of active.values()) controller.abort(new Error('the worker stopped before the run ended'));
            if (!(await within(stopped, abortedRunGraceMs))) await runner.kill().catch(() => {});
          }
          await liveness.release();
          return unfinished;
        },
      };
    },

    async reap(abandoned) {
      const { rows } = await pool.query<{ worker: string }>("SELECT DISTINCT worker FROM ziggy_run_jobs WHERE state = 'running'");
      let count = 0;
      for (const worker of await deadWorkers(pool, rows.map((row) => row.worker))) count += await abandon(worker, undefined, abandoned);
      count += await redispatchStranded();
      await pool.query("DELETE FROM ziggy_run_jobs WHERE state = 'done' AND finished_at < now() - $1 * interval '1 millisecond'", [keepDoneMs]);
      return count;
    },

    async health(): Promise<QueueHealth> {
      try {
        const { rows } = await pool.query<{ state: string; count: string }>(
          "SELECT state, count(*) AS count FROM ziggy_run_jobs WHERE state <> 'done' GROUP BY state",
        );
        const count = (state: string) => Number(rows.find((row) => row.state === state)?.count ?? 0);
        return { ok: true, queued: count('queued'), running: count('running'), workers: await liveWorkerCount(pool) };
      } catch (error) {
        return { ok: false, queued: 0, running: 0, workers: 0, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async close() {
      await doneListener?.close();
      if (utils !== undefined) await (await utils).release();
      await pool.end();
    },
  };
}
