import { ZiggyError } from '../core/index.ts';
import type { JobQueue } from '../queue/types.ts';
import type { RunExecution } from './runs.ts';
import type { RunOn } from './types.ts';

const runOnValues: readonly RunOn[] = ['server', 'workers'];

/** `server` unless told `workers`, which needs the PostgreSQL store: the queue lives there. */
export function resolveRunOn(given: RunOn | undefined, env: Record<string, string | undefined>, postgresUrl: string | undefined): RunOn {
  const fromEnv = env['ZIGGY_RUN_ON']?.trim();
  const [value, source] = given !== undefined ? [given, 'runOn'] : [fromEnv || 'server', 'ZIGGY_RUN_ON'];
  const runOn = runOnValues.find((known) => known === value);
  if (runOn === undefined) {
    throw new ZiggyError('bad_input', `${source} must be server or workers; got "${value}".`, { field: source });
  }
  if (runOn === 'workers' && postgresUrl === undefined) {
    throw new ZiggyError(
      'bad_input',
      `${source}=workers hands runs to workers through the PostgreSQL store, but this installation uses the SQLite file: set ZIGGY_STORE_URL (or --store) to a postgres:// URL, or use ${source}=server.`,
      { field: source },
    );
  }
  return runOn;
}

/** The queue module (and graphile-worker) is loaded only by installations that use it. */
export async function openRunQueue(url: string, log?: (level: 'error' | 'warning', message: string) => void): Promise<JobQueue> {
  const { openPostgresQueue } = await import('../queue/index.ts');
  return openPostgresQueue(log === undefined ? { url } : { url, log });
}

export const reapIntervalMs = 1_000;

/** Looks for runs of stopped workers every second until stopped; a failed look is retried at the next. */
export function reapEvery(queue: JobQueue, runs: RunExecution, intervalMs = reapIntervalMs): { stop(): Promise<void> } {
  let reaping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    reaping = reaping.then(() => queue.reap((job, worker) => runs.recordAbandoned(job, worker))).catch(() => undefined);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await reaping;
    },
  };
}
