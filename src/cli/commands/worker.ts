import type { Command } from 'commander';
import { ZiggyError } from '../../core/index.ts';
import type { CliContext, GlobalOptions } from '../context.ts';
import { interrupted } from '../signals.ts';

interface WorkerOptions {
  store?: string;
  concurrency: string;
  lanes?: string;
  shutdownTimeout: string;
  name: string;
}

function wholeNumber(text: string, option: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min) throw new ZiggyError('bad_input', `${option} must be a whole number of at least ${min}; got "${text}".`, { field: option });
  return value;
}

export function registerWorkerCommand(program: Command, context: CliContext): void {
  program
    .command('worker')
    .description('run blocks and operations taken from the queue in the PostgreSQL store, until interrupted (SIGTERM finishes the runs in hand)')
    .option('--store <url>', 'a postgres:// URL of the shared store (default: $ZIGGY_STORE_URL)')
    .option('--concurrency <n>', 'runs at once', '2')
    .option('--lanes <n>', 'trust lanes kept warm (default: $ZIGGY_RUNNER_LANES or 8)')
    .option('--shutdown-timeout <ms>', 'on SIGTERM, how long runs in hand may take to end before they are given up', '60000')
    .option('--name <name>', 'shown in run records and logs; made unique with host and pid', 'worker')
    .action(async (options: WorkerOptions) => {
      const { io } = context;
      const concurrency = wholeNumber(options.concurrency, '--concurrency', 1);
      const lanes = options.lanes === undefined ? undefined : wholeNumber(options.lanes, '--lanes', 1);
      const shutdownTimeoutMs = wholeNumber(options.shutdownTimeout, '--shutdown-timeout', 0);
      const { startWorker } = await import('../../service/worker.ts');
      const worker = await startWorker({
        dataDir: program.opts<GlobalOptions>().dataDir,
        env: io.env,
        concurrency,
        name: options.name,
        ...(options.store === undefined ? {} : { storeUrl: options.store }),
        ...(lanes === undefined ? {} : { lanes }),
        log: (line) => io.stderr.write(`${line}\n`),
      });
      const stopRequested = interrupted();
      io.stderr.write(`Ziggy worker ${worker.id} taking runs (concurrency ${concurrency}; block isolation: ${worker.isolation})\n`);
      const lost = await Promise.race([stopRequested.then(() => undefined), worker.lost]);
      if (lost !== undefined) {
        io.stderr.write(`Stopping: ${lost.message}. Runs in hand will be reported as failed by another process.\n`);
        context.exitCode = 1;
      } else {
        io.stderr.write(`Stopping: taking no new runs, finishing ${worker.active()} in hand (up to ${shutdownTimeoutMs} ms)…\n`);
      }
      const unfinished = await worker.stop(lost === undefined ? shutdownTimeoutMs : 0);
      if (unfinished.length > 0) io.stderr.write(`Gave up ${unfinished.length} run(s) not ended in time: ${unfinished.join(', ')}\n`);
    });
}
