import type { Readable } from 'node:stream';
import mssql from 'mssql';
import { ZiggyError } from '../../../core/index.ts';
import { boundValue, closeSignal, RowStreamReader, type ResultField, type Row, type SqlConnection, type SqlCursor, type SqlDriver, type Statement, type StatementResult } from '../../../core/sql/index.ts';
import { mssqlDialect } from './dialect.ts';
import { mssqlFailure } from './errors.ts';
import { tdsTypeCode } from './type-codes.ts';

/** A request with the statement's values bound as @p1, @p2 …, the names the dialect's placeholders use. */
function requestFor(parent: mssql.ConnectionPool | mssql.Transaction, statement: Statement): mssql.Request {
  // A transaction's requests run on the connection it pins.
  const request = parent.request();
  statement.values.forEach((value, index) => request.input(`p${index + 1}`, boundValue(value, index)));
  return request;
}

function fieldList(recordset: mssql.IRecordSet<Row> | undefined): ResultField[] {
  if (recordset === undefined) return [];
  return Object.values(recordset.columns)
    .sort((a, b) => a.index - b.index)
    .map((column) => ({ name: column.name, dataTypeID: tdsTypeCode(column.type) }));
}

/** One result: the rows of `recordset` as plain objects, and what the statements counted. */
function statementResult(recordset: mssql.IRecordSet<Row> | undefined, affected: number): StatementResult {
  return { rows: recordset === undefined ? [] : [...recordset], affected, fields: fieldList(recordset) };
}

/** A streamed request: its rows as a readable stream, which pauses the request when full. */
interface StreamedRequest {
  request: mssql.Request;
  stream: Readable;
}

/** Rows pulled from the request's stream a batch at a time, so memory stays bounded. */
function cursorOn(start: (highWaterMark: number) => StreamedRequest, closed: Promise<never>): SqlCursor {
  let streamed: { request: mssql.Request; reader: RowStreamReader } | undefined;
  return {
    read(count) {
      if (streamed === undefined) {
        // Submitted on the first read, so a stream nobody reads sends nothing.
        const { request, stream } = start(count);
        streamed = { request, reader: new RowStreamReader(stream) };
      }
      return streamed.reader.read(count, closed);
    },
    async close() {
      if (streamed === undefined || streamed.reader.finished) return 'reusable';
      // The server stops sending the rest on a cancel (an ATTENTION), after which the connection is clean again.
      streamed.request.cancel();
      streamed.reader.stream.destroy();
      return 'reusable';
    },
  };
}

/**
 * The SQL Block's connection over an mssql pool. Outside a transaction each statement takes any
 * pooled connection (mssql lends none out for longer); begin pins one through an mssql.Transaction
 * until commit or rollback.
 */
function connectionOf(pool: mssql.ConnectionPool): SqlConnection {
  /** Requests on the server, each with a promise that settles when it has ended. */
  const running = new Map<mssql.Request, Promise<void>>();
  let transaction: mssql.Transaction | undefined;
  // Every wait on the server also ends when the connection is destroyed (an abort), at once.
  const { closed, close } = closeSignal();
  let cancelledEnded: Promise<unknown> = Promise.resolve();

  const run = async (statement: Statement): Promise<mssql.IResult<Row>> => {
    const request = requestFor(transaction ?? pool, statement);
    const work = request.query<Row>(statement.text);
    running.set(request, work.then(() => undefined, () => undefined));
    try {
      return await Promise.race([work, closed]);
    } finally {
      running.delete(request);
    }
  };
  const stream = (statement: Statement, highWaterMark: number): StreamedRequest => {
    const request = requestFor(transaction ?? pool, statement);
    const readable = request.toReadableStream({ highWaterMark });
    // In stream mode the rows and errors come as events on the stream; the callback says when the request has ended.
    const ended = new Promise<void>((resolve) => request.query(statement.text, () => resolve()));
    running.set(request, ended);
    void ended.then(() => running.delete(request));
    return { request, stream: readable };
  };
  const endTransaction = async (end: (open: mssql.Transaction) => Promise<void>): Promise<void> => {
    const open = transaction;
    transaction = undefined;
    if (open !== undefined) await end(open);
  };
  return {
    async execute(statement) {
      const result = await run(statement);
      // The server has run the batch by now; refusing its result at least keeps select to one statement.
      if (result.recordsets.length > 1) {
        throw new ZiggyError('bad_input', 'The SQL holds several statements that return rows; give exactly one statement (raw runs several).', { field: 'sql' });
      }
      return statementResult(result.recordsets[0], result.rowsAffected.reduce((sum, count) => sum + count, 0));
    },
    async script(statement) {
      const result = await run(statement);
      return statementResult(result.recordsets.at(-1), result.rowsAffected.at(-1) ?? 0);
    },
    cursor: (statement) => cursorOn((highWaterMark) => stream(statement, highWaterMark), closed),
    async begin() {
      const started = new mssql.Transaction(pool);
      await Promise.race([started.begin(), closed]);
      transaction = started;
    },
    commit: () => endTransaction((open) => Promise.race([open.commit(), closed])),
    async rollback() {
      // After a destroy, mssql refuses a rollback while the cancelled statements are still ending.
      await cancelledEnded;
      await endTransaction((open) => open.rollback());
    },
    release() {
      // A transaction nobody ended must not keep its pinned connection.
      void endTransaction((open) => open.rollback()).catch(() => undefined);
    },
    destroy() {
      // A cancel sends the server an ATTENTION, which stops the statement there too, not only our wait.
      for (const request of running.keys()) request.cancel();
      cancelledEnded = Promise.all(running.values());
      close(new Error('The connection was closed.'));
      void cancelledEnded.then(() => endTransaction((open) => open.rollback())).catch(() => undefined);
    },
  };
}

export const mssqlDriver: SqlDriver<mssql.ConnectionPool> = {
  dialect: mssqlDialect,
  connect: async (pool) => connectionOf(pool),
  failure: mssqlFailure,
};
