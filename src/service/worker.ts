/**
 * A worker process: the same services as a server (store, master key, runner pool and
 * sandbox), taking runs from the queue instead of from requests.
 */
import { ZiggyError } from '../core/index.ts';
import { openServices } from './index.ts';
import { openRunQueue, reapEvery } from './run-queue.ts';

export interface StartWorkerOptions {
  dataDir?: string | undefined;
  env: Record<string, string | undefined>;
  storeUrl?: string;
  concurrency: number;
  lanes?: number;
  name: string;
  /** Queue warnings and errors, one line each. */
  log(line: string): void;
}

export interface RunningWorker {
  id: string;
  isolation: string;
  /** Runs in hand now. */
  active(): number;
  /** Resolves when the worker lost its database connection for good and must stop. */
  lost: Promise<Error>;
  /** Takes no new runs, waits up to `timeoutMs` for those in hand, gives up the rest (recorded as failed), closes everything. */
  stop(timeoutMs: number): Promise<string[]>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const services = await openServices({
    dataDir: options.dataDir,
    env: options.env,
    runOn: 'server',
    runs: { runners: options.concurrency, ...(options.lanes === undefined ? {} : { runnerLanes: options.lanes }) },
    ...(options.storeUrl === undefined ? {} : { storeUrl: options.storeUrl }),
  });
  try {
    const url = services.postgresUrl;
    if (url === undefined) {
      throw new ZiggyError('bad_input', 'A worker takes runs from the queue in the PostgreSQL store: give --store postgres://… or set ZIGGY_STORE_URL.', {
        field: 'store',
      });
    }
    const queue = await openRunQueue(url, (level, message) => options.log(`queue ${level}: ${services.redactor.redact(message)}`));
    const execution = services.runExecution;
    let worker;
    try {
      worker = await queue.work(
        { concurrency: options.concurrency, name: options.name },
        { run: (job) => execution.executeJob(job), abandoned: (job, by) => execution.recordAbandoned(job, by) },
      );
    } catch (error) {
      await queue.close();
      throw error;
    }
    const reaper = reapEvery(queue, execution);
    const started = worker;
    return {
      id: started.id,
      isolation: services.isolation.summary,
      active: () => started.active().length,
      lost: started.lost,
      async stop(timeoutMs) {
        try {
          await reaper.stop();
          return await started.stop(timeoutMs);
        } finally {
          await queue.close();
          await services.close();
        }
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}
