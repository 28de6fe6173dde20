import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { Row, SqlConnection, SqlCursor, SqlDriver, Statement, StatementResult } from '../../../core/sql/index.ts';
import { postgresDialect } from './dialect.ts';
import { postgresFailure } from './errors.ts';

function statementResult(result: pg.QueryResult<Row>): StatementResult {
  return {
    rows: result.rows,
    affected: result.rowCount ?? 0,
    fields: result.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
  };
}

function cursorOn(client: pg.PoolClient, statement: Statement): SqlCursor {
  let cursor: Cursor<Row> | undefined;
  return {
    read(count) {
      // Submitted on the first read, so a stream nobody reads sends nothing.
      cursor ??= client.query(new Cursor<Row>(statement.text, statement.values));
      return cursor.read(count);
    },
    async close() {
      if (cursor !== undefined) await cursor.close();
      return 'reusable';
    },
  };
}

function connection(client: pg.PoolClient): SqlConnection {
  return {
    async execute(statement) {
      // Extended protocol even without values: exactly one statement, as execute promises.
      const query = { text: statement.text, values: statement.values, queryMode: 'extended' };
      return statementResult(await client.query<Row>(query));
    },
    async script(statement) {
      const result: pg.QueryResult<Row> | Array<pg.QueryResult<Row>> = await client.query<Row>(
        statement.text,
        statement.values.length > 0 ? statement.values : undefined,
      );
      // Several statements in one text give one result each; the last one is the answer.
      const last = Array.isArray(result) ? result.at(-1) : result;
      return last === undefined ? { rows: [], affected: 0, fields: [] } : statementResult(last);
    },
    cursor: (statement) => cursorOn(client, statement),
    begin: async () => void (await client.query('BEGIN')),
    commit: async () => void (await client.query('COMMIT')),
    rollback: async () => void (await client.query('ROLLBACK')),
    release: () => client.release(),
    destroy: () => client.release(true),
  };
}

export const postgresDriver: SqlDriver<pg.Pool> = {
  dialect: postgresDialect,
  connect: async (pool) => connection(await pool.connect()),
  failure: postgresFailure,
};
