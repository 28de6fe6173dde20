import { z } from 'zod';
import type { Operation } from '../connector.ts';
import { streamBatches } from './cursor-stream.ts';
import type { ResultField, Row, SqlDialect, SqlDriver } from './dialect.ts';
import type { SqlFields } from './fields.ts';
import { withConnection } from './lease.ts';

function selectInput(dialect: SqlDialect, fields: SqlFields) {
  return z
    .strictObject({
      sql: fields.sqlText.describe(
        `One SELECT (or other statement returning rows). Put values in params as ${dialect.placeholderExample} instead of into the text.`,
      ),
      params: fields.sqlParams,
      batchSize: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .describe('Stream the result in batches of at most this many rows, reading one batch at a time, instead of loading it all at once.'),
      maxIterations: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('With batchSize: stop after this many batches (the read is closed then). Default: read to the end.'),
    })
    .refine((params) => params.maxIterations === undefined || params.batchSize !== undefined, {
      message: 'maxIterations counts batches, so it needs batchSize.',
      path: ['maxIterations'],
    });
}

export interface SelectResult {
  rows: Row[];
  rowCount: number;
  fields: ResultField[];
}

export function selectOperation<Client extends object>(
  driver: SqlDriver<Client>,
  fields: SqlFields,
): Operation<Client, ReturnType<typeof selectInput>> {
  return {
    label: 'Select',
    description:
      'Runs one query and returns { rows, rowCount, fields }; with batchSize it streams the rows as batches, keeping memory bounded for any result size.',
    input: selectInput(driver.dialect, fields),
    async run(client, params, context): Promise<SelectResult | AsyncIterable<Row[]>> {
      const statement = { text: params.sql, values: params.params ?? [] };
      if (params.batchSize !== undefined) {
        return streamBatches(driver, client, { statement, batchSize: params.batchSize, maxIterations: params.maxIterations }, context.signal);
      }
      const result = await withConnection(driver, client, context.signal, async (connection) => {
        try {
          return await connection.execute(statement);
        } catch (error) {
          throw driver.failure(error, params.sql);
        }
      });
      return { rows: result.rows, rowCount: result.rows.length, fields: result.fields };
    },
  };
}
