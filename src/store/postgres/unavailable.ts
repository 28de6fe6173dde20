/**
 * A request that meets a PostgreSQL restart or a dropped connection fails with one clear error
 * (`store_unavailable`, 503) instead of a driver message and a 500; the pool then opens fresh
 * connections for the next requests by itself. A request on a database whose migrations are
 * pending (a server started with ZIGGY_STORE_MIGRATE=manual) fails with `store_not_migrated`.
 */
import { ZiggyError } from '../../core/errors.ts';

// Socket failures, and the SQLSTATEs of connection exceptions (08…) and of a server shutting down or starting (57P01–57P03).
const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03']);
const connectionMessages = /Connection terminated|connection (?:is )?(?:closed|ended)|Client has encountered a connection error|timeout exceeded when trying to connect/i;

export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (connectionCodes.has(code) || code.startsWith('08'))) return true;
  return connectionMessages.test(error.message);
}

// undefined_table and undefined_column: what a query meets on a schema older than the code.
const missingSchemaCodes = new Set(['42P01', '42703']);

function isMissingSchema(error: unknown): boolean {
  return error instanceof Error && missingSchemaCodes.has(String((error as Error & { code?: unknown }).code));
}

function notMigrated(error: Error): ZiggyError {
  return new ZiggyError(
    'store_not_migrated',
    `The PostgreSQL store lacks what this request needs (${error.message}): its migrations have not all been applied. ` +
      'Run `ziggy store migrate` against it, then try again; /readyz lists the pending migrations.',
  );
}

function unavailable(error: Error): ZiggyError {
  return new ZiggyError(
    'store_unavailable',
    `The PostgreSQL store could not be reached (${error.message}), so the request did not complete. ` +
      'Try again in a moment; if it was a change, check first whether it was saved.',
  );
}

type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : T[K] };

function storeFailure(error: unknown): unknown {
  if (isConnectionFailure(error)) return unavailable(error as Error);
  if (isMissingSchema(error)) return notMigrated(error as Error);
  return error;
}

/** The same store area, with connection failures of each method turned into `store_unavailable` and a missing schema into `store_not_migrated`. */
export function guarded<T extends object>(area: T & AsyncMethods<T>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(area)) {
    wrapped[name] =
      typeof member === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (member as (...values: unknown[]) => Promise<unknown>).apply(area, args);
            } catch (error) {
              throw storeFailure(error);
            }
          }
        : member;
  }
  return wrapped as T;
}
