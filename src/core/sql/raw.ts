import { z } from 'zod';
import type { Operation } from '../connector.ts';
import type { SqlDialect, SqlDriver } from './dialect.ts';
import type { SqlFields } from './fields.ts';
import { withConnection } from './lease.ts';

function rawInput(dialect: SqlDialect, fields: SqlFields) {
  return z.strictObject({
    sql: fields.sqlText.describe(
      `The SQL to run. Without params it may hold several statements separated by semicolons (where ${dialect.label} allows it); with params it is one statement.`,
    ),
    params: fields.sqlParams,
    output: z
      .enum(['rows', 'passthrough'])
      .default('rows')
      .describe("'rows' returns { rows, rowCount } of the (last) statement; 'passthrough' returns the block's input unchanged, for statements run for their effect."),
    input: z.unknown().optional().describe("The block's input, returned as it is when output is 'passthrough'."),
  });
}

export function rawOperation<Client extends object>(
  driver: SqlDriver<Client>,
  fields: SqlFields,
): Operation<Client, ReturnType<typeof rawInput>> {
  return {
    label: 'Run SQL',
    description: 'Runs any SQL (DDL, DML, a function call) and returns its rows, or passes the input through.',
    input: rawInput(driver.dialect, fields),
    async run(client, params, context) {
      const result = await withConnection(driver, client, context.signal, async (connection) => {
        try {
          return await connection.script({ text: params.sql, values: params.params ?? [] });
        } catch (error) {
          throw driver.failure(error, params.sql);
        }
      });
      if (params.output === 'passthrough') return params.input;
      return { rows: result.rows, rowCount: result.affected };
    },
  };
}
