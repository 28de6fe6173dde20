/**
 * A queue of runs shared by the servers and workers of one installation. The queue moves
 * opaque JSON payloads and knows nothing of blocks; src/service decides what a run is.
 */
export type JobState = 'queued' | 'running' | 'done';

export interface JobStatus {
  id: string;
  state: JobState;
  /** The worker running it or that ran it. */
  worker?: string;
  submittedAt: string;
  startedAt?: string;
  /** When it was marked done: its record is written just before, or (for a stopped worker's run) just after. */
  finishedAt?: string;
  payload: unknown;
  /** 1 for the first try; more when a worker stopped during an earlier one and the job may be tried again. */
  attempt: number;
  maxAttempts: number;
}

/** A job handed to a worker's handler or to the handler of jobs whose worker died. */
export interface Job {
  id: string;
  payload: unknown;
  submittedAt: string;
  attempt: number;
  maxAttempts: number;
}

export interface SubmitOptions {
  /**
   * How many times the job is tried when workers stop during it; default 1 (never again, since a
   * half-done write must not be repeated silently). Only for work its author declared safe to repeat.
   */
  maxAttempts?: number;
}

export interface JobHandlers {
  /** Runs the job and records its outcome; when it resolves or throws, the job is done. */
  run(job: Job, signal: AbortSignal): Promise<void>;
  /**
   * Records the outcome of a job whose worker stopped during its last allowed attempt. Called once
   * per such job, by whichever process notices; a job with attempts left is queued again instead.
   */
  abandoned(job: Job, worker: string): Promise<void>;
}

export interface WorkOptions {
  /** Jobs run at once by this worker. */
  concurrency: number;
  /** Shown in `ziggy runs` and logs; made unique by the queue. */
  name: string;
}

export interface QueueWorker {
  /** The unique id jobs are recorded under. */
  id: string;
  /** Jobs running now. */
  active(): string[];
  /**
   * Takes no new jobs and waits up to `timeoutMs` for the running ones; those still running
   * then are aborted and given to `abandoned`. Resolves with their ids.
   */
  stop(timeoutMs: number): Promise<string[]>;
  /** Resolves when the worker stopped by itself: its database connection was lost for good. */
  lost: Promise<Error>;
}

export interface QueueHealth {
  ok: boolean;
  queued: number;
  running: number;
  /** Workers holding their liveness lock now. */
  workers: number;
  message?: string;
}

export interface JobQueue {
  submit(id: string, payload: unknown, options?: SubmitOptions): Promise<void>;
  /** Resolves when the job is done, or rejects when `signal` aborts. */
  waitFor(id: string, signal?: AbortSignal): Promise<void>;
  status(id: string): Promise<JobStatus | undefined>;
  /** Starts taking jobs in this process. */
  work(options: WorkOptions, handlers: JobHandlers): Promise<QueueWorker>;
  /**
   * Queues the running jobs of stopped workers again where attempts are left, and gives the others
   * to `abandoned`; returns how many jobs it took. Workers and servers call it periodically.
   */
  reap(abandoned: JobHandlers['abandoned']): Promise<number>;
  health(): Promise<QueueHealth>;
  close(): Promise<void>;
}
