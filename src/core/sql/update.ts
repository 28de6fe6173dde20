import { z } from 'zod';
import type { Operation } from '../connector.ts';
import { ZiggyError } from '../errors.ts';
import type { SqlDialect, SqlDriver, Statement } from './dialect.ts';
import { keyColumns, qualifiedTable, type SqlFields } from './fields.ts';
import { affectedRows } from './lease.ts';
import { fieldColumns, fieldFor, keyValue, type FieldColumn } from './mapping.ts';

function updateInput(fields: SqlFields) {
  const { table, schema, rows, key, columns } = fields;
  return z.strictObject({ table, schema, rows, key, columns });
}

export function updateOperation<Client extends object>(
  driver: SqlDriver<Client>,
  fields: SqlFields,
): Operation<Client, ReturnType<typeof updateInput>> {
  const { dialect } = driver;
  return {
    label: 'Update rows',
    description:
      'Updates each row found by its key columns with one parameterized UPDATE per row, all in one transaction. Fields a row lacks are left as they are.',
    input: updateInput(fields),
    async run(client, params, context) {
      const pairs = fieldColumns(params.rows, params.columns);
      const keys = keyColumns(params.key);
      const target = qualifiedTable(dialect, params);
      const statements = params.rows.map((row, index) => updateStatement(dialect, target, pairs, keys, row, index));
      if (statements.length === 0) return { updated: 0 };
      context.log(`Updating ${statements.length} rows of ${target} in one transaction.`);
      return { updated: await affectedRows(driver, client, context.signal, statements) };
    },
  };
}

/** `UPDATE t SET a = $1, b = $2 WHERE k = $3` for one row; checked before anything is sent. */
function updateStatement(
  dialect: SqlDialect,
  target: string,
  pairs: readonly FieldColumn[],
  keys: readonly string[],
  row: Record<string, unknown>,
  index: number,
): Statement {
  const values: unknown[] = [];
  const sets: string[] = [];
  for (const { field, column } of pairs) {
    if (keys.includes(column) || row[field] === undefined) continue;
    values.push(row[field]);
    sets.push(`${dialect.quoteIdentifier(column)} = ${dialect.placeholder(values.length)}`);
  }
  if (sets.length === 0) {
    throw new ZiggyError('bad_input', `Row ${index + 1} has no field to set besides the key columns.`, { field: 'rows', row: index });
  }
  const matches = keys.map((column) => {
    values.push(keyValue(row, fieldFor(pairs, column), column, index));
    return `${dialect.quoteIdentifier(column)} = ${dialect.placeholder(values.length)}`;
  });
  return { text: `UPDATE ${target} SET ${sets.join(', ')} WHERE ${matches.join(' AND ')}`, values };
}
