import type pg from 'pg';
import { postgresFailure } from './errors.ts';

/**
 * A client checked out of the pool for one operation. It goes back exactly once; an abort
 * destroys its connection at once, which also ends a statement still running on it.
 */
export interface Lease {
  client: pg.PoolClient;
  /** Returns the client to the pool; `destroy` closes its connection instead. Later calls do nothing. */
  release(destroy?: boolean): void;
  /** Stops listening for the abort; call once the work on the client is over. */
  dispose(): void;
}

export async function checkOut(pool: pg.Pool, signal: AbortSignal): Promise<Lease> {
  signal.throwIfAborted();
  const client = await pool.connect();
  if (signal.aborted) {
    client.release(true);
    signal.throwIfAborted();
  }
  let released = false;
  const release = (destroy = false): void => {
    if (released) return;
    released = true;
    client.release(destroy);
  };
  const onAbort = (): void => release(true);
  signal.addEventListener('abort', onAbort, { once: true });
  return { client, release, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** Runs `work` on one pooled client and always gives the client back; an abort surfaces as the signal's reason. */
export async function withClient<T>(pool: pg.Pool, signal: AbortSignal, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const lease = await checkOut(pool, signal);
  try {
    return await work(lease.client);
  } catch (error) {
    signal.throwIfAborted();
    throw error;
  } finally {
    lease.dispose();
    lease.release();
  }
}

/**
 * Runs `work` inside BEGIN … COMMIT on one client, so all its statements land or none do:
 * any error (or an abort between statements) rolls everything back.
 */
export function inTransaction<T>(pool: pg.Pool, signal: AbortSignal, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, signal, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      signal.throwIfAborted();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failing ROLLBACK means the connection is gone; the pool then discards the client itself.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/** One parameterized SQL statement. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** Runs the statements one by one in a single transaction; returns how many rows they affected in all. */
export function affectedRows(pool: pg.Pool, signal: AbortSignal, statements: readonly Statement[]): Promise<number> {
  return inTransaction(pool, signal, async (client) => {
    let affected = 0;
    for (const statement of statements) {
      signal.throwIfAborted();
      try {
        affected += (await client.query(statement.text, statement.values)).rowCount ?? 0;
      } catch (error) {
        throw postgresFailure(error, statement.text);
      }
    }
    return affected;
  });
}
