import type pg from 'pg';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import { postgresFailure } from './errors.ts';
import { sqlParams, sqlText } from './fields.ts';
import { withClient } from './lease.ts';

const input = z.strictObject({
  sql: sqlText.describe(
    'The SQL to run. Without params it may hold several statements separated by semicolons; with params it is one statement.',
  ),
  params: sqlParams,
  output: z
    .enum(['rows', 'passthrough'])
    .default('rows')
    .describe("'rows' returns { rows, rowCount } of the (last) statement; 'passthrough' returns the block's input unchanged, for statements run for their effect."),
  input: z.unknown().optional().describe("The block's input, returned as it is when output is 'passthrough'."),
});

export const raw: Operation<pg.Pool, typeof input> = {
  label: 'Run SQL',
  description: 'Runs any SQL (DDL, DML, a function call) and returns its rows, or passes the input through.',
  input,
  async run(pool, params, context) {
    const result = await withClient(pool, context.signal, async (client) => {
      try {
        return await client.query<Record<string, unknown>>(params.sql, params.params);
      } catch (error) {
        throw postgresFailure(error, params.sql);
      }
    });
    if (params.output === 'passthrough') return params.input;
    // Several statements in one text give one result each; the last one is the answer.
    const last: pg.QueryResult<Record<string, unknown>> = Array.isArray(result) ? result.at(-1) : result;
    return { rows: last.rows, rowCount: last.rowCount ?? 0 };
  },
};
