import type { SqlConnection, SqlDriver, Statement } from './dialect.ts';

/**
 * A connection borrowed for one operation. It goes back exactly once; an abort destroys it at
 * once, which also ends a statement still running on it.
 */
export interface Lease {
  connection: SqlConnection;
  /** Returns the connection to the pool; `destroy` closes it instead. Later calls do nothing. */
  release(destroy?: boolean): void;
  /** Stops listening for the abort; call once the work on the connection is over. */
  dispose(): void;
}

/** Leases not yet given back, and connections destroyed, per client: what tests check for leaks. */
export interface LeaseCounts {
  open: number;
  destroyed: number;
}

const counts = new WeakMap<object, LeaseCounts>();

export function leaseCounts(client: object): LeaseCounts {
  return { ...(counts.get(client) ?? { open: 0, destroyed: 0 }) };
}

function countsOf(client: object): LeaseCounts {
  let found = counts.get(client);
  if (found === undefined) {
    found = { open: 0, destroyed: 0 };
    counts.set(client, found);
  }
  return found;
}

export async function checkOut<Client extends object>(driver: SqlDriver<Client>, client: Client, signal: AbortSignal): Promise<Lease> {
  signal.throwIfAborted();
  const connection = await driver.connect(client);
  const tally = countsOf(client);
  tally.open += 1;
  let released = false;
  const release = (destroy = false): void => {
    if (released) return;
    released = true;
    tally.open -= 1;
    if (destroy) {
      tally.destroyed += 1;
      connection.destroy();
    } else {
      connection.release();
    }
  };
  if (signal.aborted) {
    release(true);
    signal.throwIfAborted();
  }
  const onAbort = (): void => release(true);
  signal.addEventListener('abort', onAbort, { once: true });
  return { connection, release, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** Runs `work` on one pooled connection and always gives it back; an abort surfaces as the signal's reason. */
export async function withConnection<Client extends object, T>(
  driver: SqlDriver<Client>,
  client: Client,
  signal: AbortSignal,
  work: (connection: SqlConnection) => Promise<T>,
): Promise<T> {
  const lease = await checkOut(driver, client, signal);
  try {
    return await work(lease.connection);
  } catch (error) {
    signal.throwIfAborted();
    throw error;
  } finally {
    lease.dispose();
    lease.release();
  }
}

/**
 * Runs `work` inside one transaction on one connection, so all its statements land or none do:
 * any error (or an abort between statements) rolls everything back.
 */
export function inTransaction<Client extends object, T>(
  driver: SqlDriver<Client>,
  client: Client,
  signal: AbortSignal,
  work: (connection: SqlConnection) => Promise<T>,
): Promise<T> {
  return withConnection(driver, client, signal, async (connection) => {
    await connection.begin();
    try {
      const result = await work(connection);
      signal.throwIfAborted();
      await connection.commit();
      return result;
    } catch (error) {
      // A failing rollback means the connection is gone; the pool then discards it itself.
      await connection.rollback().catch(() => undefined);
      throw error;
    }
  });
}

/** Runs the statements one by one in a single transaction; returns how many rows they affected in all. */
export function affectedRows<Client extends object>(
  driver: SqlDriver<Client>,
  client: Client,
  signal: AbortSignal,
  statements: readonly Statement[],
): Promise<number> {
  return inTransaction(driver, client, signal, async (connection) => {
    let affected = 0;
    for (const statement of statements) {
      signal.throwIfAborted();
      try {
        affected += (await connection.execute(statement)).affected;
      } catch (error) {
        throw driver.failure(error, statement.text);
      }
    }
    return affected;
  });
}
