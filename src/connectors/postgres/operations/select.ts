import pg from 'pg';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import { streamBatches } from './cursor-stream.ts';
import { postgresFailure } from './errors.ts';
import { sqlParams, sqlText } from './fields.ts';
import { withClient } from './lease.ts';

const input = z
  .strictObject({
    sql: sqlText.describe('One SELECT (or other statement returning rows). Put values in params as $1, $2 … instead of into the text.'),
    params: sqlParams,
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('Stream the result with a server-side cursor in batches of at most this many rows, instead of loading it all at once.'),
    maxIterations: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('With batchSize: stop after this many batches (the cursor is closed then). Default: read to the end.'),
  })
  .refine((params) => params.maxIterations === undefined || params.batchSize !== undefined, {
    message: 'maxIterations counts batches, so it needs batchSize.',
    path: ['maxIterations'],
  });

export interface SelectResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number;
  fields: Array<{ name: string; dataTypeID: number }>;
}

export const select: Operation<pg.Pool, typeof input> = {
  label: 'Select',
  description:
    'Runs one query and returns { rows, rowCount, fields }; with batchSize it streams the rows through a server-side cursor as batches, keeping memory bounded for any result size.',
  input,
  async run(pool, params, context): Promise<SelectResult | AsyncIterable<Array<Record<string, unknown>>>> {
    if (params.batchSize !== undefined) {
      return streamBatches(pool, { sql: params.sql, params: params.params, batchSize: params.batchSize, maxIterations: params.maxIterations }, context.signal);
    }
    const result = await withClient(pool, context.signal, async (client) => {
      // Extended protocol even without params: exactly one statement, as the block promises.
      const query = { text: params.sql, values: params.params ?? [], queryMode: 'extended' };
      try {
        return await client.query<Record<string, unknown>>(query);
      } catch (error) {
        throw postgresFailure(error, params.sql);
      }
    });
    return {
      rows: result.rows,
      rowCount: result.rowCount ?? result.rows.length,
      fields: result.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
    };
  },
};
