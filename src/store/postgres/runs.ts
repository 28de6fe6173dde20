import type pg from 'pg';
import { ZiggyError } from '../../core/errors.ts';
import type { RunStore, StoredRun, StoredRunFilter, StoredRunTarget } from '../types.ts';
import { defaultRunLimit, maxRunLimit } from '../sqlite/runs.ts';
import { affectedRows, queryRows } from './database.ts';

/** The jsonb columns come as text: a run that returned JSON null must keep `result: null`, apart from no result. */
interface RunRow {
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

const runColumns = `id, target::text AS target, mode, started_by, started_at, duration_ms, status, result::text AS result,
  outputs::text AS outputs, console::text AS console, error::text AS error, stats::text AS stats, truncated`;

/** What the target filter matches: a block's name or `connection/operation`; code sent with a request has none. */
function targetName(target: StoredRunTarget): string | null {
  if (target.kind === 'block') return target.name;
  if (target.kind === 'operation') return `${target.connection}/${target.operation}`;
  return null;
}

function toRun(row: RunRow): StoredRun {
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

function resolveLimit(limit: number | undefined): number {
  if (limit === undefined) return defaultRunLimit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ZiggyError('bad_input', `Run filter "limit" must be a whole number of at least 1, got ${limit}.`, { field: 'limit' });
  }
  return Math.min(limit, maxRunLimit);
}

const optionalJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

// Runs started in the same millisecond keep their insertion order through the position.
const newestFirst = 'ORDER BY started_at DESC, position DESC';

export function postgresRunStore(pool: pg.Pool): RunStore {
  return {
    async insert(run) {
      await pool.query(
        `INSERT INTO runs (id, target_kind, target_name, target, mode, started_by, started_at, duration_ms, status,
                           result, outputs, console, error, stats, truncated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          run.id,
          run.target.kind,
          targetName(run.target),
          JSON.stringify(run.target),
          run.mode,
          run.startedBy,
          run.startedAt,
          Math.round(run.durationMs),
          run.status,
          optionalJson(run.result),
          JSON.stringify(run.outputs),
          JSON.stringify(run.console),
          optionalJson(run.error),
          optionalJson(run.stats),
          run.truncated,
        ],
      );
      return run;
    },

    async get(id) {
      const [row] = await queryRows<RunRow>(pool, `SELECT ${runColumns} FROM runs WHERE id = $1`, [id]);
      return row === undefined ? undefined : toRun(row);
    },

    async list(filter: StoredRunFilter = {}) {
      const conditions: string[] = [];
      const values: unknown[] = [];
      const columns = { target: 'target_name', status: 'status', mode: 'mode', startedBy: 'started_by' } as const;
      for (const [field, column] of Object.entries(columns)) {
        const value = filter[field as keyof typeof columns];
        if (value === undefined) continue;
        values.push(value);
        conditions.push(`${column} = $${values.length}`);
      }
      values.push(resolveLimit(filter.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = await queryRows<RunRow>(pool, `SELECT ${runColumns} FROM runs ${where} ${newestFirst} LIMIT $${values.length}`, values);
      return rows.map(toRun);
    },

    async deleteOlderThan(iso) {
      const time = new Date(iso);
      if (Number.isNaN(time.getTime())) {
        throw new ZiggyError('bad_input', `Run retention needs a valid ISO time, got "${iso}".`, { field: 'before' });
      }
      return affectedRows(pool, 'DELETE FROM runs WHERE started_at < $1', [time.toISOString()]);
    },

    async deleteBeyondCount(count) {
      if (!Number.isInteger(count) || count < 0) {
        throw new ZiggyError('bad_input', `Run retention count must be a whole number of at least 0, got ${count}.`, { field: 'count' });
      }
      return affectedRows(
        pool,
        `DELETE FROM runs WHERE id IN (SELECT id FROM runs ${newestFirst} OFFSET $1)`,
        [count],
      );
    },
  };
}
