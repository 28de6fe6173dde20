import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import type { RunStore, StoredRun, StoredRunFilter, StoredRunTarget } from '../types.ts';
import { writeTransaction } from './database.ts';

export const defaultRunLimit = 100;
export const maxRunLimit = 1000;

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
  truncated: number;
}

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
    truncated: row.truncated === 1,
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

// Runs started in the same millisecond keep their insertion order through the rowid.
const newestFirst = 'ORDER BY started_at DESC, rowid DESC';

export function sqliteRunStore(db: DatabaseSync, file: string): RunStore {
  return {
    async insert(run) {
      writeTransaction(db, file, () => {
        db.prepare(
          `INSERT INTO runs (id, target_kind, target_name, target, mode, started_by, started_at, duration_ms, status,
                             result, outputs, console, error, stats, truncated)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
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
          run.truncated ? 1 : 0,
        );
      });
      return run;
    },

    async get(id) {
      const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id);
      return row === undefined ? undefined : toRun(row as unknown as RunRow);
    },

    async list(filter: StoredRunFilter = {}) {
      const conditions: string[] = [];
      const parameters: SQLInputValue[] = [];
      const columns = { target: 'target_name', status: 'status', mode: 'mode', startedBy: 'started_by' } as const;
      for (const [field, column] of Object.entries(columns)) {
        const value = filter[field as keyof typeof columns];
        if (value === undefined) continue;
        conditions.push(`${column} = ?`);
        parameters.push(value);
      }
      parameters.push(resolveLimit(filter.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = db.prepare(`SELECT * FROM runs ${where} ${newestFirst} LIMIT ?`).all(...parameters);
      return rows.map((row) => toRun(row as unknown as RunRow));
    },

    async deleteOlderThan(iso) {
      const time = new Date(iso);
      if (Number.isNaN(time.getTime())) {
        throw new ZiggyError('bad_input', `Run retention needs a valid ISO time, got "${iso}".`, { field: 'before' });
      }
      return writeTransaction(db, file, () =>
        Number(db.prepare('DELETE FROM runs WHERE started_at < ?').run(time.toISOString()).changes),
      );
    },

    async deleteBeyondCount(count) {
      if (!Number.isInteger(count) || count < 0) {
        throw new ZiggyError('bad_input', `Run retention count must be a whole number of at least 0, got ${count}.`, { field: 'count' });
      }
      return writeTransaction(db, file, () =>
        Number(
          db.prepare(`DELETE FROM runs WHERE rowid IN (SELECT rowid FROM runs ${newestFirst} LIMIT -1 OFFSET ?)`).run(count)
            .changes,
        ),
      );
    },
  };
}
