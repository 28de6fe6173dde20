import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
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
import type { RunStore, StoredRun, StoredRunFilter } from '../types.ts';
import { writeTransaction } from './database.ts';

/** A runs row as SQLite holds it: truncated as 0 or 1. */
type EncodedRunRow = Omit<RunRow, 'truncated'> & { truncated: number };

const toRun = (row: EncodedRunRow): StoredRun => runFromRow({ ...row, truncated: row.truncated === 1 });


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
          run.truncated ? 1 : 0,
        );
      });
      return run;
    },

    async get(id) {
      const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id);
      return row === undefined ? undefined : toRun(row as unknown as EncodedRunRow);
    },

    async list(filter: StoredRunFilter = {}) {
      const conditions: string[] = [];
      const parameters: SQLInputValue[] = [];
      for (const [field, column] of Object.entries(runFilterColumns)) {
        const value = filter[field as keyof typeof runFilterColumns];
        if (value === undefined) continue;
        conditions.push(`${column} = ?`);
        parameters.push(value);
      }
      parameters.push(runLimit(filter.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = db.prepare(`SELECT * FROM runs ${where} ${newestFirst} LIMIT ?`).all(...parameters);
      return rows.map((row) => toRun(row as unknown as EncodedRunRow));
    },

    async deleteOlderThan(iso) {
      const before = retentionTime(iso);
      return writeTransaction(db, file, () =>
        Number(db.prepare('DELETE FROM runs WHERE started_at < ?').run(before).changes),
      );
    },

    async deleteBeyondCount(count) {
      const keep = retentionCount(count);
      return writeTransaction(db, file, () =>
        Number(
          db.prepare(`DELETE FROM runs WHERE rowid IN (SELECT rowid FROM runs ${newestFirst} LIMIT -1 OFFSET ?)`).run(keep)
            .changes,
        ),
      );
    },
  };
}
