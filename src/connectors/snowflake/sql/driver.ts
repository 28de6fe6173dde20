import type { Readable } from 'node:stream';
import type snowflake from 'snowflake-sdk';
import { boundValue, closeSignal, RowStreamReader, type ResultField, type Row, type SqlConnection, type SqlCursor, type SqlDriver, type Statement, type StatementResult } from '../../../core/sql/index.ts';
import type { SnowflakePool } from '../client.ts';
import { snowflakeDialect } from './dialect.ts';
import { snowflakeFailure } from './errors.ts';
import { snowflakeTypeCode } from './type-codes.ts';

/**
 * A value as a bound parameter, with the shared conversions; then bigints go as their digits and
 * Buffers as hex (Snowflake's default BINARY_INPUT_FORMAT), since the SDK would otherwise
 * JSON-encode them. Dates stay Dates (the SDK sends them as ISO text).
 */
function snowflakeBind(value: unknown, index: number): snowflake.Bind {
  const bound = boundValue(value, index);
  if (typeof bound === 'bigint') return bound.toString();
  if (Buffer.isBuffer(bound)) return bound.toString('hex');
  // The SDK's binds map turns a Date into its toJSON() text; its Bind type does not list Date.
  if (bound instanceof Date) return bound as unknown as snowflake.Bind;
  return bound;
}

const bound = (values: readonly unknown[]): snowflake.Bind[] => values.map(snowflakeBind);

function fieldList(statement: snowflake.RowStatement): ResultField[] {
  return (statement.getColumns() ?? []).map((column) => ({ name: column.getName(), dataTypeID: snowflakeTypeCode(column.getType()) }));
}

/**
 * One statement's result. For INSERT, UPDATE, DELETE and MERGE, Snowflake answers with a row of
 * counts (`number of rows inserted` …), which the SDK adds up in getNumUpdatedRows(); those are
 * not rows of the user's, so the result then has none, as a write without RETURNING has on Postgres.
 */
function statementResult(statement: snowflake.RowStatement, rows: unknown[] | undefined): StatementResult {
  const updated = statement.getNumUpdatedRows();
  if (updated !== undefined && updated >= 0) return { rows: [], affected: updated, fields: [] };
  const list = (rows ?? []) as Row[];
  return { rows: list, affected: list.length, fields: fieldList(statement) };
}

/** Rows pulled from the statement's row stream a batch at a time; the stream stops fetching while its buffer is full. */
function cursorOn(start: () => Promise<Readable>, cancel: () => void, closed: Promise<never>): SqlCursor {
  let opened: Promise<RowStreamReader> | undefined;
  let reader: RowStreamReader | undefined;
  return {
    async read(count) {
      // Submitted on the first read, so a cursor nobody reads sends nothing.
      opened ??= start().then((stream) => (reader = new RowStreamReader(stream)));
      return (await Promise.race([opened, closed])).read(count, closed);
    },
    async close() {
      if (opened === undefined) return 'reusable';
      if (reader === undefined) {
        // Still running on the server: cancel it there; the session takes the next statement.
        cancel();
        return 'reusable';
      }
      // The server has the whole result by now; the rest is simply not fetched.
      if (!reader.finished) reader.stream.destroy();
      return 'reusable';
    },
  };
}

/**
 * The SQL Block's connection: one snowflake-sdk connection (one Snowflake session) acquired from
 * the pool, so a transaction's BEGIN … COMMIT runs in one session.
 */
function connectionOf(pool: SnowflakePool, connection: snowflake.Connection): SqlConnection {
  /** Statements submitted and not yet answered, to cancel on a destroy. */
  const running = new Set<snowflake.RowStatement>();
  let inTransaction = false;
  let done = false;
  // Every wait on the server also ends when the connection is destroyed (an abort), at once.
  const { closed, close } = closeSignal();

  /** Submits one statement; `complete` is called once per result (several for a multi-statement script). */
  const submit = (
    options: Omit<snowflake.StatementOption, 'complete'>,
    complete: (error: unknown, statement: snowflake.RowStatement, rows: unknown[] | undefined, finish: () => void) => void,
  ): snowflake.RowStatement => {
    let submitted: snowflake.RowStatement | undefined;
    const finish = (): void => {
      if (submitted !== undefined) running.delete(submitted);
    };
    submitted = connection.execute({
      ...options,
      complete: (error, statement, rows) => complete(error ?? undefined, statement, rows, finish),
    });
    running.add(submitted);
    return submitted;
  };

  const run = (statement: Statement, multiple: boolean): Promise<StatementResult> =>
    Promise.race([
      new Promise<StatementResult>((resolve, reject) => {
        const options: Omit<snowflake.StatementOption, 'complete'> = { sqlText: statement.text, binds: bound(statement.values) };
        // MULTI_STATEMENT_COUNT 0: any number of statements; each result comes through complete in turn.
        if (multiple) options.parameters = { MULTI_STATEMENT_COUNT: 0 };
        submit(options, (error, result, rows, finish) => {
          if (error !== undefined) {
            finish();
            reject(error);
            return;
          }
          const next = result as Partial<snowflake.FileAndStageBindStatement>;
          if (multiple && typeof next.hasNext === 'function' && next.hasNext() && typeof next.NextResult === 'function') {
            next.NextResult();
            return;
          }
          finish();
          resolve(statementResult(result, rows));
        });
      }),
      closed,
    ]);

  const plain = async (sql: string): Promise<void> => {
    await run({ text: sql, values: [] }, false);
  };

  const stream = (statement: Statement): { opened: Promise<Readable>; cancel: () => void } => {
    let cancel = (): void => undefined;
    const opened = new Promise<Readable>((resolve, reject) => {
      // streamResult: complete says the result is ready; its rows are then fetched as the stream is read.
      const submitted = submit({ sqlText: statement.text, binds: bound(statement.values), streamResult: true }, (error, result, _rows, finish) => {
        finish();
        if (error !== undefined) reject(error);
        else resolve(result.streamRows());
      });
      cancel = () => submitted.cancel(() => undefined);
    });
    return { opened, cancel };
  };

  return {
    execute: (statement) => run(statement, false),
    script: (statement) => run(statement, statement.values.length === 0),
    cursor(statement) {
      let cancel = (): void => undefined;
      return cursorOn(
        () => {
          const started = stream(statement);
          cancel = started.cancel;
          return started.opened;
        },
        () => cancel(),
        closed,
      );
    },
    async begin() {
      await plain('BEGIN');
      inTransaction = true;
    },
    async commit() {
      await plain('COMMIT');
      inTransaction = false;
    },
    async rollback() {
      inTransaction = false;
      await plain('ROLLBACK');
    },
    release() {
      if (done) return;
      done = true;
      if (!inTransaction) {
        void pool.release(connection).catch(() => undefined);
        return;
      }
      // A transaction nobody ended must not stay open in the pooled session.
      inTransaction = false;
      void plain('ROLLBACK').then(
        () => pool.release(connection),
        () => pool.destroy(connection),
      ).catch(() => undefined);
    },
    destroy() {
      if (done) return;
      done = true;
      // A cancel asks Snowflake to stop the statement too, not only our wait.
      for (const statement of running) statement.cancel(() => undefined);
      running.clear();
      close(new Error('The connection was closed.'));
      // Ending the session (the pool's destroy logs it out) rolls back an open transaction.
      void pool.destroy(connection).catch(() => undefined);
    },
  };
}

export const snowflakeDriver: SqlDriver<SnowflakePool> = {
  dialect: snowflakeDialect,
  connect: async (pool) => connectionOf(pool, await pool.acquire()),
  failure: snowflakeFailure,
};
