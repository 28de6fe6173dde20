import { isZiggyError, type Mode } from '../../core/index.ts';
import { blockIsolation } from './isolation-level.ts';
import { readablePaths, runnerCommand, type RunnerCommand } from './launch.ts';
import { prepareRun, type PreparedRun } from './prepare-run.ts';
import { RunnerProcess } from './runner-process.ts';
import { runOnRunner } from './run-session.ts';
import { probeSandbox } from './sandbox.ts';
import { SysLogWriter } from './sys-log-writer.ts';
import type { BlockRunResult, RunnerPool, RunnerPoolOptions, RunRequest } from './types.ts';

/** Code of one author in one mode, and the warm runners that only ever serve it. */
interface Lane {
  key: string;
  mode: Mode;
  author: string;
  idle: RunnerProcess[];
  busy: Set<RunnerProcess>;
  idleTimer: NodeJS.Timeout | undefined;
}

/** A runner handed to one run; `tookSpare` when it was a spare (or a process started for the run), which must be replaced. */
interface Taken {
  runner: RunnerProcess;
  lane: Lane;
  tookSpare: boolean;
}

interface Waiter {
  request: RunRequest;
  resolve(taken: Taken | undefined): void;
}

function failed(message: string): BlockRunResult {
  return { status: 'error', outputs: [], console: [], error: { message }, durationMs: 0 };
}

const laneKey = (mode: Mode, author: string): string => JSON.stringify([mode, author]);

/**
 * Runs JavaScript Blocks in restricted runner processes, one trust lane per runner: a runner
 * serves code of one author in one mode for its whole life, so whatever a block leaves in its
 * process can only be found by code that could see the same values anyway. Runners stay warm
 * per lane (the least recently used idle lanes are ended past `maxLanes`, and any lane after
 * `laneIdleMs` without a run); spares, started ahead and bound to no lane, serve the first run
 * of a new lane, and a new spare starts in the background. At most `size` runs go at once.
 */
export function createRunnerPool(options: RunnerPoolOptions): RunnerPool {
  const size = options.size ?? 2;
  const spareCount = options.spares ?? 1;
  const maxLanes = options.maxLanes ?? 8;
  const laneIdleMs = options.laneIdleMs ?? 300_000;
  // Longer than a typical run, short enough that a long run does not leave the pool without a spare.
  const spareRefillDelayMs = options.spareRefillDelayMs ?? 100;
  const defaultTimeoutMs = options.timeoutMs ?? 30_000;
  const memoryMb = options.memoryMb ?? 256;
  for (const [name, value, min] of [['size', size, 1], ['spares', spareCount, 0], ['maxLanes', maxLanes, 1], ['laneIdleMs', laneIdleMs, 1], ['spareRefillDelayMs', spareRefillDelayMs, 0]] as const) {
    if (!Number.isInteger(value) || value < min) throw new RangeError(`Runner pool ${name} must be a whole number of at least ${min}; got ${value}.`);
  }
  const isolation = blockIsolation(options.isolation ?? 'sandbox');
  const probe = isolation.level === 'sandbox' ? probeSandbox(readablePaths(options.pluginsDir)) : undefined;
  const launch: RunnerCommand | undefined =
    isolation.level === 'unavailable' ? undefined : runnerCommand(memoryMb, probe?.available === true ? probe : undefined, options.pluginsDir);
  const writer = new SysLogWriter(options.logsDir);
  // Every process not yet exited, so none outlives the pool.
  const processes = new Set<RunnerProcess>();
  // Runners the pool ended on purpose (idle, evicted, closed), as opposed to deaths that count as replaced.
  const ended = new WeakSet<RunnerProcess>();
  const spares: RunnerProcess[] = [];
  // In least recently used order: a Map keeps insertion order, and a use re-inserts.
  const lanes = new Map<string, Lane>();
  const waiters: Waiter[] = [];
  let running = 0;
  let replaced = 0;
  let nextRunId = 1;
  let closed = false;

  // Runners must not outlive the server, even when it exits without closing the pool.
  const killAll = (): void => {
    for (const runner of processes) runner.kill();
  };
  process.on('exit', killAll);

  function spawn(command: RunnerCommand): RunnerProcess {
    const runner = new RunnerProcess(command);
    processes.add(runner);
    void runner.exited.then(() => {
      processes.delete(runner);
      retire(runner);
    });
    return runner;
  }

  function retire(runner: RunnerProcess): void {
    const spareIndex = spares.indexOf(runner);
    if (spareIndex !== -1) spares.splice(spareIndex, 1);
    const lane = runner.lane === undefined ? undefined : lanes.get(runner.lane);
    if (lane !== undefined) {
      const idleIndex = lane.idle.indexOf(runner);
      if (idleIndex !== -1) lane.idle.splice(idleIndex, 1);
      if (lane.idle.length === 0 && lane.busy.size === 0) endLane(lane);
    }
    if (closed || ended.has(runner)) return;
    if (runner.lane !== undefined) replaced++;
    // A spare that never finished its warm-up run points at a broken setup: do not respawn it forever.
    if (runner.started || runner.lane !== undefined) fillSpares();
  }

  function fillSpares(): void {
    if (launch === undefined) return;
    while (!closed && spares.length < spareCount) spares.push(spawn(launch));
  }

  function endLane(lane: Lane): void {
    clearTimeout(lane.idleTimer);
    lanes.delete(lane.key);
    for (const runner of lane.idle.splice(0)) {
      ended.add(runner);
      runner.kill();
    }
  }

  /** Ends the least recently used lanes with no run in progress until at most `maxLanes` remain. */
  function evict(): void {
    for (const lane of lanes.values()) {
      if (lanes.size <= maxLanes) return;
      if (lane.busy.size === 0) endLane(lane);
    }
  }

  function laneFor(mode: Mode, author: string): Lane {
    const key = laneKey(mode, author);
    const lane = lanes.get(key) ?? { key, mode, author, idle: [], busy: new Set(), idleTimer: undefined };
    lanes.delete(key);
    lanes.set(key, lane);
    clearTimeout(lane.idleTimer);
    return lane;
  }

  function take(command: RunnerCommand, request: RunRequest): Taken {
    const lane = laneFor(request.mode, request.author);
    // The most recently used runner is taken first: its clients are the warmest.
    let runner = lane.idle.pop();
    const tookSpare = runner === undefined;
    if (runner === undefined) {
      const spare = spares.find((candidate) => candidate.started) ?? spares[0];
      if (spare !== undefined) spares.splice(spares.indexOf(spare), 1);
      runner = spare ?? spawn(command);
      runner.bindTo(lane.key);
    }
    lane.busy.add(runner);
    running++;
    evict();
    return { runner, lane, tookSpare };
  }

  function dispatch(): void {
    while (launch !== undefined && waiters.length > 0 && running < size) {
      const waiter = waiters.shift();
      waiter?.resolve(take(launch, waiter.request));
    }
  }

  function release({ runner, lane }: Taken): void {
    running--;
    lane.busy.delete(runner);
    const current = lanes.get(lane.key) === lane;
    if (runner.alive && !closed && current) lane.idle.push(runner);
    else if (runner.alive) {
      ended.add(runner);
      runner.kill();
    }
    if (current && lane.busy.size === 0) {
      if (lane.idle.length === 0) endLane(lane);
      else lane.idleTimer = setTimeout(() => lane.busy.size === 0 && endLane(lane), laneIdleMs).unref();
    }
    evict();
    dispatch();
  }

  fillSpares();

  return {
    async run(request: RunRequest): Promise<BlockRunResult> {
      if (closed) return failed('The block runner pool is closed.');
      if (launch === undefined) return failed(`Block runs are refused: ${isolation.summary}.`);
      let prepared: PreparedRun;
      try {
        prepared = await prepareRun(request.code, request.mode, options);
      } catch (error) {
        if (isZiggyError(error)) return failed(error.message);
        throw error;
      }
      const taken = await new Promise<Taken | undefined>((resolve) => {
        waiters.push({ request, resolve });
        dispatch();
      });
      if (taken === undefined) return failed('The block runner pool was closed before the run started.');
      // Starting a process takes milliseconds of this thread and about a second of CPU, so on a
      // small machine it would slow the very run that took the spare: the replacement starts
      // once the run has ended, or a short while into a long one.
      let refill: NodeJS.Timeout | undefined;
      if (taken.tookSpare) {
        taken.runner.ready.then(() => {
          refill = setTimeout(fillSpares, spareRefillDelayMs).unref();
        }, () => undefined);
      }
      try {
        return await runOnRunner(taken.runner, {
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
        release(taken);
        if (taken.tookSpare) {
          clearTimeout(refill);
          // After the caller's continuation has taken the result.
          setImmediate(fillSpares);
        }
      }
    },

    async close(): Promise<void> {
      closed = true;
      process.off('exit', killAll);
      for (const waiter of waiters.splice(0)) waiter.resolve(undefined);
      for (const lane of lanes.values()) clearTimeout(lane.idleTimer);
      const all = [...processes];
      for (const runner of all) {
        ended.add(runner);
        runner.kill();
      }
      await Promise.all(all.map((runner) => runner.exited));
    },

    stats() {
      const view = (runner: RunnerProcess, busy: boolean) => ({ pid: runner.pid, busy, runs: runner.runs });
      return {
        isolation,
        lanes: [...lanes.values()].map((lane) => ({
          mode: lane.mode,
          author: lane.author,
          runners: [...[...lane.busy].map((runner) => view(runner, true)), ...lane.idle.map((runner) => view(runner, false))],
        })),
        spares: spares.length,
        queued: waiters.length,
        replaced,
      };
    },
  };
}
