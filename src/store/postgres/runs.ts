import type pg from 'pg';
import {
  optionalJson,
  retentionCount,
  retentionTime,
  runFilterColumns,
  runFromRow,
  runLimit,
  runTargetName,
  type RunRow,
} from '../rows/runs.ts';
import type { RunStore, StoredRunFilter } from '../types.ts';
import { affectedRows, queryRows } from './database.ts';

// The jsonb columns as text: a run that returned JSON null must keep `result: null`, apart from no result.
const runColumns = `id, target::text AS target, mode, started_by, started_at, duration_ms, status, result::text AS result,
  outputs::text AS outputs, console::text AS console, error::text AS error, stats::text AS stats, truncated`;

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
          runTargetName(run.target),
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
      return row === undefined ? undefined : runFromRow(row);
    },

    async list(filter: StoredRunFilter = {}) {
      const conditions: string[] = [];
      const values: unknown[] = [];
      for (const [field, column] of Object.entries(runFilterColumns)) {
        const value = filter[field as keyof typeof runFilterColumns];
        if (value === undefined) continue;
        values.push(value);
        conditions.push(`${column} = $${values.length}`);
      }
      values.push(runLimit(filter.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = await queryRows<RunRow>(pool, `SELECT ${runColumns} FROM runs ${where} ${newestFirst} LIMIT $${values.length}`, values);
      return rows.map(runFromRow);
    },

    async deleteOlderThan(iso) {
      return affectedRows(pool, 'DELETE FROM runs WHERE started_at < $1', [retentionTime(iso)]);
    },

    async deleteBeyondCount(count) {
      return affectedRows(pool, `DELETE FROM runs WHERE id IN (SELECT id FROM runs ${newestFirst} OFFSET $1)`, [
        retentionCount(count),
      ]);
    },
  };
}
