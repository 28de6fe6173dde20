import type mysql from 'mysql2/promise';
import type { ExecuteValues, PoolConnection, QueryError } from 'mysql2';
import { boundValue, closeSignal, RowStreamReader, type ResultField, type Row, type SqlConnection, type SqlCursor, type SqlDriver, type Statement, type StatementResult } from '../../../core/sql/index.ts';
import { mysqlDialect } from './dialect.ts';
import { mysqlFailure } from './errors.ts';

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
  let reader: RowStreamReader | undefined;
  return {
    read(count) {
      // Submitted on the first read, so a stream nobody reads sends nothing.
      reader ??= new RowStreamReader(connection.execute(statement.text, bound(statement.values)).stream({ highWaterMark: count }));
      return reader.read(count, closed);
    },
    async close() {
      if (reader === undefined || reader.finished) return 'reusable';
      // The rest of the result is still coming on this connection; reading it all could take long.
      reader.stream.destroy();
      return 'discard';
    },
  };
}

function connectionOf(pool: mysql.Pool, connection: PoolConnection): SqlConnection {
  let inFlight = 0;
  // Every wait on the server also ends when the connection is destroyed (an abort), at once.
  const { closed, close } = closeSignal();
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
