import type pg from 'pg';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import { columns, identifiers, qualifiedTable, rows, schema, table } from './fields.ts';
import { fieldColumns } from './mapping.ts';
import { writeRows } from './write-rows.ts';

export const writeBatchSize = z
  .number()
  .int()
  .min(1)
  .default(500)
  .describe('Rows per INSERT statement; made smaller on its own when rows × columns would pass the 65,535 parameters Postgres allows.');

export const returning = identifiers
  .optional()
  .describe('Columns to return from the written rows (e.g. a generated id); the result then holds them as rows.');

const input = z.strictObject({ table, schema, rows, columns, batchSize: writeBatchSize, returning });

export const insert: Operation<pg.Pool, typeof input> = {
  label: 'Insert rows',
  description:
    'Inserts rows with batched, parameterized multi-row INSERT statements, all in one transaction: if any row fails, none are inserted.',
  input,
  async run(pool, params, context) {
    const pairs = fieldColumns(params.rows, params.columns);
    const plan = { target: qualifiedTable(params), pairs, returning: params.returning };
    const result = await writeRows(pool, plan, params.rows, params.batchSize, context);
    return result.rows === undefined ? { inserted: result.count } : { inserted: result.count, rows: result.rows };
  },
};
