import { isZiggyError } from '../../core/index.ts';
import { prepareRun, type PreparedRun } from './prepare-run.ts';
import { RunnerProcess } from './runner-process.ts';
import { runOnRunner } from './run-session.ts';
import { SysLogWriter } from './sys-log-writer.ts';
import type { BlockRunResult, RunnerPool, RunnerPoolOptions, RunRequest } from './types.ts';

type Waiter = (runner: RunnerProcess | undefined) => void;

function failed(message: string): BlockRunResult {
  return { status: 'error', outputs: [], console: [], error: { message }, durationMs: 0 };
}

/**
 * Runs JavaScript Blocks in separate, restricted runner processes kept warm between runs.
 * Each runner takes one run at a time; runs wait in a queue while every runner is busy.
 * A runner that is killed (timeout) or dies (memory, crash) is replaced.
 */
export function createRunnerPool(options: RunnerPoolOptions): RunnerPool {
  const size = options.size ?? 2;
  const defaultTimeoutMs = options.timeoutMs ?? 30_000;
  const memoryMb = options.memoryMb ?? 256;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Runner pool size must be a whole number of at least 1; got ${size}.`);
  const writer = new SysLogWriter(options.logsDir);
  // Members of the pool; a killed runner leaves it at once, before its process is gone.
  const runners = new Set<RunnerProcess>();
  // Every process not yet exited, members or killed, so none outlives the pool.
  const processes = new Set<RunnerProcess>();
  // The most recently used runner is taken first: its clients are the warmest.
  const idle: RunnerProcess[] = [];
  const waiters: Waiter[] = [];
  let replaced = 0;
  let nextRunId = 1;
  let closed = false;

  // Runners must not outlive the server, even when it exits without closing the pool.
  const killAll = (): void => {
    for (const runner of processes) runner.kill();
  };
  process.on('exit', killAll);

  function spawn(): RunnerProcess {
    const runner = new RunnerProcess(memoryMb);
    runners.add(runner);
    processes.add(runner);
    void runner.exited.then(() => {
      processes.delete(runner);
      retire(runner);
    });
    return runner;
  }

  /** Takes a dead or killed runner out of the pool and, if it had worked, starts its replacement. */
  function retire(runner: RunnerProcess): void {
    if (!runners.delete(runner)) return;
    const index = idle.indexOf(runner);
    if (index !== -1) idle.splice(index, 1);
    if (closed) return;
    replaced++;
    if (runner.started) fill();
    dispatch();
  }

  function fill(): void {
    while (!closed && runners.size < size) idle.push(spawn());
  }

  function dispatch(): void {
    while (waiters.length > 0) {
      const runner = idle.pop() ?? (runners.size < size ? spawn() : undefined);
      if (runner === undefined) return;
      waiters.shift()?.(runner);
    }
  }

  function acquire(): Promise<RunnerProcess | undefined> {
    return new Promise((resolve) => {
      waiters.push(resolve);
      dispatch();
    });
  }

  function release(runner: RunnerProcess): void {
    if (!runner.alive) return retire(runner);
    if (!closed) idle.push(runner);
    dispatch();
  }

  fill();

  return {
    async run(request: RunRequest): Promise<BlockRunResult> {
      if (closed) return failed('The block runner pool is closed.');
      let prepared: PreparedRun;
      try {
        prepared = await prepareRun(request.code, request.mode, options);
      } catch (error) {
        if (isZiggyError(error)) return failed(error.message);
        throw error;
      }
      const runner = await acquire();
      if (runner === undefined) return failed('The block runner pool was closed before the run started.');
      try {
        return await runOnRunner(runner, {
          runId: nextRunId++,
          request,
          timeoutMs: request.timeoutMs ?? defaultTimeoutMs,
          memoryMb,
          prepared,
          resolvers: options,
          writer,
          sharedRedactor: options.redactor,
        });
      } finally {
        release(runner);
      }
    },

    async close(): Promise<void> {
      closed = true;
      process.off('exit', killAll);
      for (const waiter of waiters.splice(0)) waiter(undefined);
      const all = [...processes];
      for (const runner of all) runner.kill();
      await Promise.all(all.map((runner) => runner.exited));
    },

    stats() {
      return {
        runners: [...runners].map((runner) => ({ pid: runner.pid, busy: !idle.includes(runner), runs: runner.runs })),
        queued: waiters.length,
        replaced,
      };
    },
  };
}
