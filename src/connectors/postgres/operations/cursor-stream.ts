import Cursor from 'pg-cursor';
import type pg from 'pg';
import { postgresFailure } from './errors.ts';
import { checkOut } from './lease.ts';

export interface StreamQuery {
  sql: string;
  params?: unknown[] | undefined;
  batchSize: number;
  maxIterations?: number | undefined;
}

type Row = Record<string, unknown>;

/**
 * The query's rows in batches of at most `batchSize`, read through a server-side cursor so that
 * only one batch is in memory at a time. Nothing happens until the first batch is asked for.
 * The cursor is closed and the pooled client given back when the rows run out, after
 * `maxIterations` batches, when the consumer stops early (break, return, throw) and on abort,
 * which also drops the connection so a long-running read ends at once.
 */
export async function* streamBatches(pool: pg.Pool, query: StreamQuery, signal: AbortSignal): AsyncGenerator<Row[], void, undefined> {
  const lease = await checkOut(pool, signal);
  const cursor = lease.client.query(new Cursor<Row>(query.sql, query.params));
  let failed = false;
  try {
    for (let batch = 0; query.maxIterations === undefined || batch < query.maxIterations; batch++) {
      let rows: Row[];
      try {
        rows = await cursor.read(query.batchSize);
      } catch (error) {
        failed = true;
        signal.throwIfAborted();
        throw postgresFailure(error, query.sql);
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
      try {
        await cursor.close();
        lease.release();
      } catch {
        lease.release(true);
      }
    }
  }
}
