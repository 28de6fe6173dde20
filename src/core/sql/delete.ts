import { z } from 'zod';
import type { Operation } from '../connector.ts';
import { ZiggyError } from '../errors.ts';
import type { SqlDialect, SqlDriver, Statement } from './dialect.ts';
import { keyColumns, qualifiedTable, type SqlFields } from './fields.ts';
import { affectedRows } from './lease.ts';
import { keyValue } from './mapping.ts';

const refusal =
  'A delete needs a where: { column: value, … } or { key, rows }. Deleting without a condition is refused; to empty a table use the raw operation with TRUNCATE or DELETE.';

function deleteInputs(fields: SqlFields) {
  const byKey = z.strictObject({
    key: fields.key,
    rows: fields.rows.describe('Rows to delete, each found by its values in the key columns.'),
  });
  const conditions = z
    .record(fields.identifier, z.unknown())
    .refine((where) => Object.keys(where).length > 0, refusal)
    // A malformed { key, rows } must not fall through to mean columns named "key" and "rows".
    .refine((where) => !('rows' in where), 'where.rows goes with key: give key (a column or a list of columns) and rows (a list of objects).')
    .describe('Columns and the values they must equal, all at once (AND); null matches IS NULL.');
  const input = z.strictObject({
    table: fields.table,
    schema: fields.schema,
    where: z
      .union([byKey, conditions], { error: (issue) => (issue.input === undefined ? refusal : undefined) })
      .describe('Which rows to delete: { column: value, … } (all must match), or { key, rows } to delete given rows by their key. Required and never empty.'),
  });
  return { byKey, input };
}

export function deleteOperation<Client extends object>(
  driver: SqlDriver<Client>,
  fields: SqlFields,
): Operation<Client, ReturnType<typeof deleteInputs>['input']> {
  const { dialect } = driver;
  const { byKey, input } = deleteInputs(fields);
  return {
    label: 'Delete rows',
    description:
      'Deletes the rows matching a where condition with parameterized DELETE statements in one transaction. A delete without a condition is refused.',
    input,
    async run(client, params, context) {
      const target = qualifiedTable(dialect, params);
      // Decided the way the input schema's union does: the { key, rows } shape first.
      const keyed = byKey.safeParse(params.where);
      const statements = keyed.success
        ? keyed.data.rows.map((row, index) =>
            deleteStatement(dialect, target, keyColumns(keyed.data.key).map((column) => [column, keyValue(row, column, column, index)])),
          )
        : [deleteStatement(dialect, target, Object.entries(params.where))];
      if (statements.length === 0) return { deleted: 0 };
      return { deleted: await affectedRows(driver, client, context.signal, statements) };
    },
  };
}

/** `DELETE FROM t WHERE a = $1 AND b IS NULL`; refuses to build one without a condition. */
function deleteStatement(dialect: SqlDialect, target: string, matches: Array<[string, unknown]>): Statement {
  if (matches.length === 0) throw new ZiggyError('bad_input', refusal, { field: 'where' });
  const values: unknown[] = [];
  const conditionText = matches.map(([column, value]) => {
    if (value === null) return `${dialect.quoteIdentifier(column)} IS NULL`;
    values.push(value);
    return `${dialect.quoteIdentifier(column)} = ${dialect.placeholder(values.length)}`;
  });
  return { text: `DELETE FROM ${target} WHERE ${conditionText.join(' AND ')}`, values };
}
