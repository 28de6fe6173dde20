import { z } from 'zod';
import type { Operation } from '../connector.ts';
import { ZiggyError } from '../errors.ts';
import type { Row, SqlDialect, SqlDriver, Statement } from './dialect.ts';
import { edgeStatement, isToken, parseEdgeSql, type EdgePart } from './edge-template.ts';
import type { SqlFields } from './fields.ts';
import { inTransaction } from './lease.ts';

function edgeInput(dialect: SqlDialect, fields: SqlFields) {
  return z.strictObject({
    sql: fields.sqlText.describe(
      "One statement with $$field tokens that the rows fill: 'SELECT * FROM orders WHERE id IN $$id' (one statement per batch, IN gets the batch's values) or 'UPDATE t SET status = $$status WHERE id = $$id' (one statement per row). Tokens are bound parameters, never text.",
    ),
    rows: fields.rows.describe("The block's input rows, as objects of field → value; each $$field token takes its value from them."),
    batchSize: z
      .number()
      .int()
      .min(1)
      .default(500)
      .describe(`Rows per statement for IN $$field lists; made smaller on its own to stay within the ${dialect.maxParameters.toLocaleString('en-US')} parameters ${dialect.label} allows.`),
  });
}

/** Rows per statement: per row when a plain token is used; else the batch size, within the parameter limit. */
function rowsPerEdgeStatement(dialect: SqlDialect, parts: readonly EdgePart[], batchSize: number): number {
  const tokens = parts.filter(isToken);
  if (tokens.some((part) => !part.list)) return 1;
  return Math.max(1, Math.min(batchSize, Math.floor(dialect.maxParameters / Math.max(1, tokens.length))));
}

export function edgeOperation<Client extends object>(
  driver: SqlDriver<Client>,
  fields: SqlFields,
): Operation<Client, ReturnType<typeof edgeInput>> {
  const { dialect } = driver;
  return {
    label: 'Edge SQL',
    description:
      "Runs one statement filled from the block's input rows: $$field tokens become bound parameters, batched; all statements in one transaction. Returns { rows, rowCount, statements }.",
    input: edgeInput(dialect, fields),
    async run(client, params, context) {
      const parts = parseEdgeSql(params.sql);
      const tokens = parts.filter(isToken);
      if (tokens.length === 0) {
        throw new ZiggyError('bad_input', 'The SQL has no $$field token, so the rows cannot fill it; use select or raw for a fixed statement.', { field: 'sql' });
      }
      if (tokens.some((part) => part.list) && tokens.some((part) => !part.list)) {
        throw new ZiggyError('bad_input', 'The SQL mixes IN $$field lists with single $$field values; use one kind per statement.', { field: 'sql' });
      }
      if (params.rows.length === 0) return { rows: [], rowCount: 0, statements: 0 };
      const perStatement = rowsPerEdgeStatement(dialect, parts, params.batchSize);
      // Built (and so checked) before anything is sent.
      const statements: Statement[] = [];
      for (let start = 0; start < params.rows.length; start += perStatement) {
        statements.push(edgeStatement(dialect, parts, params.rows.slice(start, start + perStatement), start));
      }
      context.log(`Running ${statements.length} statement(s) for ${params.rows.length} rows, in one transaction.`);
      return inTransaction(driver, client, context.signal, async (connection) => {
        const rows: Row[] = [];
        let rowCount = 0;
        for (const statement of statements) {
          context.signal.throwIfAborted();
          try {
            const result = await connection.execute(statement);
            for (const row of result.rows) rows.push(row);
            rowCount += result.affected;
          } catch (error) {
            throw driver.failure(error, statement.text);
          }
        }
        return { rows, rowCount, statements: statements.length };
      });
    },
  };
}
