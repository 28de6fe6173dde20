import type pg from 'pg';
import { testStatusFromRow, type TestStatusRow } from '../rows/test-status.ts';
import type { TestStatusStore } from '../types.ts';
import { isForeignKeyViolation, queryRows } from './database.ts';

export function postgresTestStatusStore(pool: pg.Pool): TestStatusStore {
  return {
    async put(status) {
      try {
        // A test may finish after its connection was deleted: then there is nothing to record it on.
        await pool.query(
          `INSERT INTO connection_test_status (connection, mode, ok, code, message, at, duration_ms)
           SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM connections WHERE name = $1)
           ON CONFLICT (connection, mode) DO UPDATE SET
             ok = excluded.ok, code = excluded.code, message = excluded.message,
             at = excluded.at, duration_ms = excluded.duration_ms`,
          [status.connection, status.mode, status.ok, status.code, status.message, status.at, Math.round(status.durationMs)],
        );
      } catch (error) {
        // The connection was deleted between the EXISTS check and the insert: the same no-op.
        if (!isForeignKeyViolation(error)) throw error;
      }
    },

    async list(connection) {
      const rows =
        connection === undefined
          ? await queryRows<TestStatusRow>(pool, 'SELECT * FROM connection_test_status ORDER BY connection, mode')
          : await queryRows<TestStatusRow>(pool, 'SELECT * FROM connection_test_status WHERE connection = $1 ORDER BY mode', [
              connection,
            ]);
      return rows.map(testStatusFromRow);
    },
  };
}
