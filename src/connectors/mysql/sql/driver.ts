import type { Readable } from 'node:stream';
import type mysql from 'mysql2/promise';
import type { ExecuteValues, PoolConnection, QueryError } from 'mysql2';
import { ZiggyError } from '../../../core/index.ts';
import type { ResultField, Row, SqlConnection, SqlCursor, SqlDriver, Statement, StatementResult } from '../../../core/sql/index.ts';
import { mysqlDialect } from './dialect.ts';
import { mysqlFailure } from './errors.ts';

/**
 * A value as a bound parameter: pg's conversions, so the SQL Block behaves alike on every
 * database: undefined is NULL, objects and arrays become JSON text.
 */
function boundValue(value: unknown, index: number): ExecuteValues {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value;
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (typeof value === 'object') return JSON.stringify(value);
  throw new ZiggyError('bad_input', `Parameter ${index + 1} is a ${typeof value}, which cannot be sent to the database.`, { field: 'params' });
}

const bound = (values: readonly unknown[]): ExecuteValues[] => values.map(boundValue);

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldList(fields: unknown): ResultField[] {
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((field: unknown) =>
    isRow(field) && typeof field.name === 'string' ? [{ name: field.name, dataTypeID: typeof field.columnType === 'number' ? field.columnType : 0 }] : [],
  );
}

/** One statement's result: rows for a query, the header (affected rows, summary) for a write. */
function statementResult(result: unknown, fields: unknown): StatementResult {
  if (Array.isArray(result)) {
    const rows = result.filter(isRow);
    return { rows, affected: rows.length, fields: fieldList(fields) };
  }
  const affected = isRow(result) && typeof result.affectedRows === 'number' ? result.affectedRows : 0;
  const summary = isRow(result) && typeof result.info === 'string' ? result.info : '';
  return { rows: [], affected, fields: [], summary };
}

/** A callback of mysql2's core API as a promise of [result, fields], both checked where they are used. */
function settle(start: (callback: (error: QueryError | null, result: unknown, fields: unknown) => void) => void) {
  return new Promise<[unknown, unknown]>((resolve, reject) => {
    start((error, result, fields) => (error === null ? resolve([result, fields]) : reject(error)));
  });
}

/** Rows pulled from the stream a batch at a time; the stream's buffer pauses the socket, so memory stays bounded. */
function cursorOn(connection: PoolConnection, statement: Statement, closed: Promise<never>): SqlCursor {
  let stream: Readable | undefined;
  let ended = false;
  let failure: unknown;
  const waitForMore = (readable: Readable): Promise<void> =>
    Promise.race([
      new Promise<void>((resolve) => {
        const done = (): void => {
          readable.off('readable', done).off('end', done).off('error', done);
          resolve();
        };
        readable.on('readable', done).on('end', done).on('error', done);
      }),
      closed,
    ]);
  return {
    async read(count) {
      if (stream === undefined) {
        // Submitted on the first read, so a stream nobody reads sends nothing.
        stream = connection.execute(statement.text, bound(statement.values)).stream({ highWaterMark: count });
        stream.on('end', () => (ended = true)).on('error', (error) => (failure = error));
      }
      const rows: Row[] = [];
      while (rows.length < count) {
        if (failure !== undefined) throw failure;
        const row: Row | null = stream.read();
        if (row !== null) {
          rows.push(row);
          continue;
        }
        if (ended || stream.readableEnded) break;
        await waitForMore(stream);
      }
      return rows;
    },
    async close() {
      if (stream === undefined || ended || stream.readableEnded) return 'reusable';
      // The rest of the result is still coming on this connection; reading it all could take long.
      stream.destroy();
      return 'discard';
    },
  };
}

function connectionOf(pool: mysql.Pool, connection: PoolConnection): SqlConnection {
  let inFlight = 0;
  let close: (reason: Error) => void = () => undefined;
  // Every wait on the server also ends when the connection is destroyed (an abort), at once.
  const closed = new Promise<never>((_, reject) => {
    close = reject;
  });
  closed.catch(() => undefined);
  const guarded = async <T>(work: Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await Promise.race([work, closed]);
    } finally {
      inFlight -= 1;
    }
  };
  const run = async (start: Parameters<typeof settle>[0]): Promise<StatementResult> => {
    const [result, fields] = await guarded(settle(start));
    return statementResult(result, fields);
  };
  const plain = (sql: string): Promise<void> => guarded(settle((callback) => connection.query(sql, callback))).then(() => undefined);
  return {
    execute: (statement) => run((callback) => connection.execute(statement.text, bound(statement.values), callback)),
    async script(statement) {
      if (statement.values.length > 0) return run((callback) => connection.execute(statement.text, bound(statement.values), callback));
      const [result, fields] = await guarded(settle((callback) => connection.query(statement.text, callback)));
      // Several statements (multipleStatements) give one result each, and a list of fields per statement.
      const several = Array.isArray(result) && Array.isArray(fields) && fields.length > 0 && !isRow(fields[0]);
      if (!several) return statementResult(result, fields);
      return statementResult(result.at(-1), fields.at(-1));
    },
    cursor: (statement) => cursorOn(connection, statement, closed),
    begin: () => plain('START TRANSACTION'),
    commit: () => plain('COMMIT'),
    rollback: () => plain('ROLLBACK'),
    release: () => connection.release(),
    destroy() {
      // Closing our socket does not stop a statement the server is running; KILL QUERY does.
      if (inFlight > 0) void pool.query(`KILL QUERY ${Number(connection.threadId)}`).catch(() => undefined);
      close(new Error('The connection was closed.'));
      connection.destroy();
    },
  };
}

export const mysqlDriver: SqlDriver<mysql.Pool> = {
  dialect: mysqlDialect,
  connect: (pool) =>
    new Promise((resolve, reject) => {
      pool.pool.getConnection((error, connection) => (error === null ? resolve(connectionOf(pool, connection)) : reject(error)));
    }),
  failure: mysqlFailure,
};
