import type { DatabaseSync } from 'node:sqlite';
import { testStatusFromRow, type TestStatusRow } from '../rows/test-status.ts';
import type { TestStatusRecord, TestStatusStore } from '../types.ts';

/** A connection_test_status row as SQLite holds it: ok as 0 or 1. */
type EncodedTestStatusRow = Omit<TestStatusRow, 'ok'> & { ok: number };

const toRecord = (row: EncodedTestStatusRow): TestStatusRecord => testStatusFromRow({ ...row, ok: row.ok === 1 });

export function sqliteTestStatusStore(db: DatabaseSync): TestStatusStore {
  return {
    async put(status) {
      // A test may finish after its connection was deleted: then there is nothing to record it on.
      db.prepare(
        `INSERT INTO connection_test_status (connection, mode, ok, code, message, at, duration_ms)
         SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM connections WHERE name = ?)
         ON CONFLICT (connection, mode) DO UPDATE SET
           ok = excluded.ok, code = excluded.code, message = excluded.message,
           at = excluded.at, duration_ms = excluded.duration_ms`,
      ).run(
        status.connection,
        status.mode,
        status.ok ? 1 : 0,
        status.code,
        status.message,
        status.at,
        Math.round(status.durationMs),
        status.connection,
      );
    },

    async list(connection) {
      const rows =
        connection === undefined
          ? db.prepare('SELECT * FROM connection_test_status ORDER BY connection, mode').all()
          : db.prepare('SELECT * FROM connection_test_status WHERE connection = ? ORDER BY mode').all(connection);
      return rows.map((row) => toRecord(row as unknown as EncodedTestStatusRow));
    },
  };
}
