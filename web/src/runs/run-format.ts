import type { RunState, RunTarget } from '../../../src/service/run-types.ts';

/** What a run executed, in a few words: `block import-orders (version 3)`, `code 1a2b3c4d`, `warehouse / query`. */
export function targetLabel(target: RunTarget): string {
  if (target.kind === 'block') return `block ${target.name} (version ${target.version})`;
  if (target.kind === 'code') return `code ${target.codeHash.slice(0, 8)}`;
  return `${target.connection} / ${target.operation}`;
}

export const statusColors: Record<RunState, string> = { ok: 'green', error: 'red', timeout: 'orange', memory: 'grape', queued: 'gray', running: 'blue' };

export const statusLabels: Record<RunState, string> = {
  ok: 'ok',
  error: 'error',
  timeout: 'timed out',
  memory: 'out of memory',
  queued: 'waiting for a worker',
  running: 'running',
};

/** How a run that did not end well ended, as a heading. */
export const failureTitles: Record<Exclude<RunState, 'ok'>, string> = {
  queued: 'The run has not started yet',
  running: 'The run has not ended yet',
  error: 'The run failed with an error',
  timeout: 'The run took too long and was stopped',
  memory: 'The run used too much memory and was stopped',
};

/** A run's data as readable JSON; `undefined` (a block that returned nothing) says so. */
export function valueText(value: unknown): string {
  if (value === undefined) return 'undefined (nothing returned)';
  return JSON.stringify(value, null, 2) ?? String(value);
}
