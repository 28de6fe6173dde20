import { z } from 'zod';
import type { Operation } from '../connector.ts';
import { ZiggyError } from '../errors.ts';
import type { SqlDialect, SqlDriver } from './dialect.ts';
import { qualifiedTable, type SqlFields } from './fields.ts';
import { refuseReturning, returningField, returningRefusal, writeBatchSize } from './insert.ts';
import { fieldColumns } from './mapping.ts';
import { writeRows } from './write-rows.ts';

function upsertInput(dialect: SqlDialect, fields: SqlFields) {
  const { table, schema, rows, columns, identifiers } = fields;
  return z
    .strictObject({
      table,
      schema,
      rows,
      columns,
      batchSize: writeBatchSize(dialect),
      conflictColumns: identifiers.describe(
        'Columns whose values decide whether a row already exists; they must carry a unique index or constraint (e.g. the primary key).',
      ),
      updateColumns: identifiers
        .optional()
        .describe('Columns to overwrite when the row exists. Default: every written column except the conflict columns.'),
      returning: returningField(fields),
    })
    .refine(refuseReturning(dialect), returningRefusal(dialect));
}

export function upsertOperation<Client extends object>(
  driver: SqlDriver<Client>,
  fields: SqlFields,
): Operation<Client, ReturnType<typeof upsertInput>> {
  const { dialect } = driver;
  return {
    label: 'Upsert rows',
    description: 'Inserts rows, or updates them where a row with the same conflict columns exists, in batches within one transaction.',
    input: upsertInput(dialect, fields),
    async run(client, params, context) {
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
      const missing = params.conflictColumns.filter((column) => !written.includes(column));
      if (missing.length > 0) {
        throw new ZiggyError(
          'bad_input',
          `conflictColumns names ${missing.map((column) => `"${column}"`).join(', ')}, which the rows do not write; each row must carry its conflict columns.`,
          { field: 'conflictColumns' },
        );
      }
      const plan = { target: qualifiedTable(dialect, params), pairs, conflict: { columns: params.conflictColumns, update }, returning: params.returning };
      const result = await writeRows(driver, client, plan, params.rows, params.batchSize, context);
      return result.rows === undefined ? { upserted: result.count } : { upserted: result.count, rows: result.rows };
    },
  };
}
