import type { Row, SqlDriver, Statement } from './dialect.ts';
import { checkOut } from './lease.ts';

export interface StreamQuery {
  statement: Statement;
  batchSize: number;
  maxIterations?: number | undefined;
}

/**
 * The query's rows in batches of at most `batchSize`, read through the driver's cursor so that
 * only one batch is in memory at a time. Nothing happens until the first batch is asked for.
 * The cursor is closed and the connection given back when the rows run out, after
 * `maxIterations` batches, when the consumer stops early (break, return, throw) and on abort,
 * which also drops the connection so a long-running read ends at once.
 */
export async function* streamBatches<Client extends object>(
  driver: SqlDriver<Client>,
  client: Client,
  query: StreamQuery,
  signal: AbortSignal,
): AsyncGenerator<Row[], void, undefined> {
  const lease = await checkOut(driver, client, signal);
  const cursor = lease.connection.cursor(query.statement);
  let failed = false;
  try {
    for (let batch = 0; query.maxIterations === undefined || batch < query.maxIterations; batch++) {
      let rows: Row[];
      try {
        rows = await cursor.read(query.batchSize);
      } catch (error) {
        failed = true;
        signal.throwIfAborted();
        throw driver.failure(error, query.statement.text);
      }
      if (rows.length === 0) return;
      yield rows;
      signal.throwIfAborted();
      if (rows.length < query.batchSize) return;
    }
  } finally {
    lease.dispose();
    // After a failed read the cursor's protocol state is unknown, so its connection is dropped.
    if (failed || signal.aborted) {
      lease.release(true);
    } else {
      const state = await cursor.close().catch(() => 'discard' as const);
      lease.release(state === 'discard');
    }
  }
}
