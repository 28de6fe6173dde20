import type { Mode } from '../../core/index.ts';
import type { BlockRun } from './block-run.ts';
import type { ConsoleLevel } from './types.ts';

export interface BlockGlobalsOptions {
  run: BlockRun;
  executionId: string;
  mode: Mode;
  connections: object;
  secrets: ReadonlyArray<[name: string, value: string]>;
}

/**
 * Everything a block sees besides JavaScript's own builtins (which each vm context has
 * fresh). Nothing here reaches `require`, `process` or the file system on purpose; the
 * vm keeps runs apart, the process and its permissions are what contain the code.
 */
export function blockGlobals({ run, executionId, mode, connections, secrets }: BlockGlobalsOptions): Record<string, unknown> {
  const write = (level: ConsoleLevel) => (...values: unknown[]) => run.console(level, values);
  const secretValues: Record<string, string> = Object.create(null);
  for (const [name, value] of secrets) secretValues[name] = value;

  return {
    connections,
    secrets: Object.freeze(secretValues),
    executionId,
    mode,
    consoleMsg: write('log'),
    console: { log: write('log'), info: write('info'), warn: write('warn'), error: write('error') },
    sysLog: {
      error: (message: unknown, traceInfo?: unknown, extraData?: unknown) => run.sysLog('error', message, traceInfo, extraData),
      warn: (message: unknown, extraData?: unknown) => run.sysLog('warn', message, undefined, extraData),
      log: (message: unknown, extraData?: unknown) => run.sysLog('log', message, undefined, extraData),
      debug: (message: unknown, extraData?: unknown) => run.sysLog('debug', message, undefined, extraData),
      verbose: (message: unknown, extraData?: unknown) => run.sysLog('verbose', message, undefined, extraData),
    },
    branchTo: (edge: unknown, data: unknown) => run.branchTo(edge, data),
    snooze: (ms: unknown) => {
      if (typeof ms !== 'number' || !(ms >= 0)) throw new RangeError('snooze(ms): ms must be a number of milliseconds, 0 or more.');
      return new Promise<void>((resolve) => run.setTimer(resolve, ms, [], false));
    },
    setTimeout: (callback: unknown, ms?: unknown, ...args: unknown[]) => run.setTimer(callback, ms, args, false),
    setInterval: (callback: unknown, ms?: unknown, ...args: unknown[]) => run.setTimer(callback, ms, args, true),
    clearTimeout: (timer: unknown) => run.clearTimer(timer),
    clearInterval: (timer: unknown) => run.clearTimer(timer),
    queueMicrotask,
    structuredClone,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    Buffer,
    atob,
    btoa,
  };
}
