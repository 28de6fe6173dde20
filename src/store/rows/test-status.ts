import type { Mode } from '../../core/mode.ts';
import type { TestStatusRecord } from '../types.ts';

/** A connection_tests row as both stores read it, `ok` as a boolean. */
export interface TestStatusRow {
  connection: string;
  mode: Mode;
  ok: boolean;
  code: string;
  message: string;
  at: string;
  duration_ms: number;
}

export function testStatusFromRow(row: TestStatusRow): TestStatusRecord {
  return {
    connection: row.connection,
    mode: row.mode,
    ok: row.ok,
    code: row.code,
    message: row.message,
    at: row.at,
    durationMs: row.duration_ms,
  };
}
