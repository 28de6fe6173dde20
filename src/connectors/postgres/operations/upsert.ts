import type pg from 'pg';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import { columns, identifiers, qualifiedTable, rows, schema, table } from './fields.ts';
import { returning, writeBatchSize } from './insert.ts';
import { fieldColumns } from './mapping.ts';
import { writeRows } from './write-rows.ts';

const input = z.strictObject({
  table,
  schema,
  rows,
  columns,
  batchSize: writeBatchSize,
  conflictColumns: identifiers.describe(
    'Columns whose values decide whether a row already exists; they must carry a unique index or constraint (e.g. the primary key).',
  ),
  updateColumns: identifiers
    .optional()
    .describe('Columns to overwrite when the row exists. Default: every written column except the conflict columns.'),
  returning,
});

export const upsert: Operation<pg.Pool, typeof input> = {
  label: 'Upsert rows',
  description:
    'Inserts rows, or updates them where a row with the same conflict columns exists (INSERT … ON CONFLICT DO UPDATE), in batches within one transaction.',
  input,
  async run(pool, params, context) {
    const pairs = fieldColumns(params.rows, params.columns);
    const written = pairs.map((pair) => pair.column);
    const update = params.updateColumns ?? written.filter((column) => !params.conflictColumns.includes(column));
    const stray = update.filter((column) => !written.includes(column));
    if (stray.length > 0) {
      throw new ZiggyError(
        'bad_input',
        `updateColumns names ${stray.map((column) => `"${column}"`).join(', ')}, which the rows do not write; written columns: ${written.map((column) => `"${column}"`).join(', ')}.`,
        { field: 'updateColumns' },
      );
    }
    const plan = { target: qualifiedTable(params), pairs, conflict: { columns: params.conflictColumns, update }, returning: params.returning };
    const result = await writeRows(pool, plan, params.rows, params.batchSize, context);
    return result.rows === undefined ? { upserted: result.count } : { upserted: result.count, rows: result.rows };
  },
};
