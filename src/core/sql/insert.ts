import { z } from 'zod';
import type { Operation } from '../connector.ts';
import type { SqlDriver, SqlDialect } from './dialect.ts';
import { qualifiedTable, type SqlFields } from './fields.ts';
import { fieldColumns } from './mapping.ts';
import { writeRows } from './write-rows.ts';

export function writeBatchSize(dialect: SqlDialect) {
  return z
    .number()
    .int()
    .min(1)
    .default(500)
    .describe(
      `Rows per INSERT statement; made smaller on its own when rows × columns would pass the ${dialect.maxParameters.toLocaleString('en-US')} parameters ${dialect.label} allows.`,
    );
}

export function returningField(fields: SqlFields) {
  return fields.identifiers
    .optional()
    .describe('Columns to return from the written rows (e.g. a generated id); the result then holds them as rows.');
}

/** `returning` where the database has no INSERT … RETURNING is refused, rather than silently ignored. */
export function refuseReturning(dialect: SqlDialect) {
  return (params: { returning?: string[] | undefined }): boolean => dialect.supportsReturning || params.returning === undefined;
}

export function returningRefusal(dialect: SqlDialect) {
  return { message: `${dialect.label} has no INSERT … RETURNING; read the written rows back with select.`, path: ['returning'] };
}

function insertInput(dialect: SqlDialect, fields: SqlFields) {
  const { table, schema, rows, columns } = fields;
  return z
    .strictObject({ table, schema, rows, columns, batchSize: writeBatchSize(dialect), returning: returningField(fields) })
    .refine(refuseReturning(dialect), returningRefusal(dialect));
}

export function insertOperation<Client extends object>(
  driver: SqlDriver<Client>,
  fields: SqlFields,
): Operation<Client, ReturnType<typeof insertInput>> {
  return {
    label: 'Insert rows',
    description:
      'Inserts rows with batched, parameterized multi-row INSERT statements, all in one transaction: if any row fails, none are inserted.',
    input: insertInput(driver.dialect, fields),
    async run(client, params, context) {
      const pairs = fieldColumns(params.rows, params.columns);
      const plan = { target: qualifiedTable(driver.dialect, params), pairs, returning: params.returning };
      const result = await writeRows(driver, client, plan, params.rows, params.batchSize, context);
      return result.rows === undefined ? { inserted: result.count } : { inserted: result.count, rows: result.rows };
    },
  };
}
