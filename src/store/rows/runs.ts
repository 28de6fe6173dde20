import { ZiggyError } from '../../core/errors.ts';
import type { StoredRun, StoredRunTarget } from '../types.ts';

export const defaultRunLimit = 100;
export const maxRunLimit = 1000;

/** A runs row as both stores read it: the JSON parts as text (so a JSON null result stays apart from none), `truncated` as a boolean. */
export interface RunRow {
  id: string;
  target: string;
  mode: StoredRun['mode'];
  started_by: string;
  started_at: string;
  duration_ms: number;
  status: StoredRun['status'];
  result: string | null;
  outputs: string;
  console: string;
  error: string | null;
  stats: string | null;
  truncated: boolean;
}

/** What the target filter matches: a block's name or `connection/operation`; code sent with a request has none. */
export function runTargetName(target: StoredRunTarget): string | null {
  if (target.kind === 'block') return target.name;
  if (target.kind === 'operation') return `${target.connection}/${target.operation}`;
  return null;
}

export function runFromRow(row: RunRow): StoredRun {
  const run: StoredRun = {
    id: row.id,
    target: JSON.parse(row.target) as StoredRunTarget,
    mode: row.mode,
    startedBy: row.started_by,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    status: row.status,
    outputs: JSON.parse(row.outputs) as StoredRun['outputs'],
    console: JSON.parse(row.console) as StoredRun['console'],
    truncated: row.truncated,
  };
  if (row.result !== null) run.result = JSON.parse(row.result) as unknown;
  if (row.error !== null) run.error = JSON.parse(row.error) as NonNullable<StoredRun['error']>;
  if (row.stats !== null) run.stats = JSON.parse(row.stats) as Record<string, number>;
  return run;
}

export function runLimit(limit: number | undefined): number {
  if (limit === undefined) return defaultRunLimit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ZiggyError('bad_input', `Run filter "limit" must be a whole number of at least 1, got ${limit}.`, { field: 'limit' });
  }
  return Math.min(limit, maxRunLimit);
}

export const optionalJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** The run columns a list may filter on, by filter field. */
export const runFilterColumns = { target: 'target_name', status: 'status', mode: 'mode', startedBy: 'started_by' } as const;

/** Run retention checks, the same for every store. */
export function retentionTime(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    throw new ZiggyError('bad_input', `Run retention needs a valid ISO time, got "${iso}".`, { field: 'before' });
  }
  return time.toISOString();
}

export function retentionCount(count: number): number {
  if (!Number.isInteger(count) || count < 0) {
    throw new ZiggyError('bad_input', `Run retention count must be a whole number of at least 0, got ${count}.`, { field: 'count' });
  }
  return count;
}
