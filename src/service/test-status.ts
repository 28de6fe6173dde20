import type { Mode } from '../core/index.ts';
import type { Store, TestStatusRecord } from '../store/types.ts';
import type { ConnectionTestOutcome, LastTests, TestStatus } from './types.ts';

function toStatus(record: TestStatusRecord): TestStatus {
  return { ok: record.ok, code: record.code, message: record.message, at: record.at, durationMs: record.durationMs };
}

/** Every connection's last tests per mode, from one read of the store. */
export async function lastTestsByConnection(store: Store): Promise<Map<string, LastTests>> {
  const byConnection = new Map<string, LastTests>();
  for (const record of await store.testStatus.list()) {
    const lastTests = byConnection.get(record.connection) ?? {};
    lastTests[record.mode] = toStatus(record);
    byConnection.set(record.connection, lastTests);
  }
  return byConnection;
}

export async function lastTestsOf(store: Store, connection: string): Promise<LastTests> {
  const lastTests: LastTests = {};
  for (const record of await store.testStatus.list(connection)) lastTests[record.mode] = toStatus(record);
  return lastTests;
}

/** Keeps the outcome of a saved connection's test; the outcome is already redacted. */
export async function recordTestStatus(store: Store, connection: string, mode: Mode, outcome: ConnectionTestOutcome): Promise<void> {
  await store.testStatus.put({
    connection,
    mode,
    ok: outcome.ok,
    code: outcome.code,
    message: outcome.message,
    at: new Date().toISOString(),
    durationMs: outcome.durationMs,
  });
}
