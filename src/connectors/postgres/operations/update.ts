import pg from 'pg';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import { columns, key, keyColumns, qualifiedTable, rows, schema, table } from './fields.ts';
import { affectedRows, type Statement } from './lease.ts';
import { fieldColumns, fieldFor, keyValue } from './mapping.ts';

const input = z.strictObject({ table, schema, rows, key, columns });

export const update: Operation<pg.Pool, typeof input> = {
  label: 'Update rows',
  description:
    'Updates each row found by its key columns with one parameterized UPDATE per row, all in one transaction. Fields a row lacks are left as they are.',
  input,
  async run(pool, params, context) {
    const pairs = fieldColumns(params.rows, params.columns);
    const keys = keyColumns(params.key);
    const statements = params.rows.map((row, index) => updateStatement(qualifiedTable(params), pairs, keys, row, index));
    if (statements.length === 0) return { updated: 0 };
    context.log(`Updating ${statements.length} rows of ${qualifiedTable(params)} in one transaction.`);
    return { updated: await affectedRows(pool, context.signal, statements) };
  },
};

/** `UPDATE t SET a = $1, b = $2 WHERE k = $3` for one row; checked before anything is sent. */
function updateStatement(
  target: string,
  pairs: ReturnType<typeof fieldColumns>,
  keys: readonly string[],
  row: Record<string, unknown>,
  index: number,
): Statement {
  const values: unknown[] = [];
  const sets: string[] = [];
  for (const { field, column } of pairs) {
    if (keys.includes(column) || row[field] === undefined) continue;
    values.push(row[field]);
    sets.push(`${pg.escapeIdentifier(column)} = $${values.length}`);
  }
  if (sets.length === 0) {
    throw new ZiggyError('bad_input', `Row ${index + 1} has no field to set besides the key columns.`, { field: 'rows', row: index });
  }
  const matches = keys.map((column) => {
    values.push(keyValue(row, fieldFor(pairs, column), column, index));
    return `${pg.escapeIdentifier(column)} = $${values.length}`;
  });
  return { text: `UPDATE ${target} SET ${sets.join(', ')} WHERE ${matches.join(' AND ')}`, values };
}
