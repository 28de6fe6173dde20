import pg from 'pg';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import { identifier, key, keyColumns, qualifiedTable, rows, schema, table } from './fields.ts';
import { affectedRows, type Statement } from './lease.ts';
import { keyValue } from './mapping.ts';

const refusal = 'A delete needs a where: { column: value, … } or { key, rows }. Deleting without a condition is refused; to empty a table use the raw operation with TRUNCATE or DELETE.';

const byKey = z.strictObject({
  key,
  rows: rows.describe('Rows to delete, each found by its values in the key columns.'),
});

const conditions = z
  .record(identifier, z.unknown())
  .refine((where) => Object.keys(where).length > 0, refusal)
  // A malformed { key, rows } must not fall through to mean columns named "key" and "rows".
  .refine((where) => !('rows' in where), 'where.rows goes with key: give key (a column or a list of columns) and rows (a list of objects).')
  .describe('Columns and the values they must equal, all at once (AND); null matches IS NULL.');

const input = z.strictObject({
  table,
  schema,
  where: z
    .union([byKey, conditions], { error: (issue) => (issue.input === undefined ? refusal : undefined) })
    .describe('Which rows to delete: { column: value, … } (all must match), or { key, rows } to delete given rows by their key. Required and never empty.'),
});

export const deleteRows: Operation<pg.Pool, typeof input> = {
  label: 'Delete rows',
  description: 'Deletes the rows matching a where condition with parameterized DELETE statements in one transaction. A delete without a condition is refused.',
  input,
  async run(pool, params, context) {
    const target = qualifiedTable(params);
    // Decided the way the input schema's union does: the { key, rows } shape first.
    const keyed = byKey.safeParse(params.where);
    const statements = keyed.success
      ? byKeyStatements(target, keyColumns(keyed.data.key), keyed.data.rows)
      : [deleteStatement(target, Object.entries(params.where))];
    if (statements.length === 0) return { deleted: 0 };
    return { deleted: await affectedRows(pool, context.signal, statements) };
  },
};

function byKeyStatements(target: string, keys: string[], keyRows: Array<Record<string, unknown>>): Statement[] {
  return keyRows.map((row, index) => deleteStatement(target, keys.map((column) => [column, keyValue(row, column, column, index)])));
}

/** `DELETE FROM t WHERE a = $1 AND b IS NULL`; refuses to build one without a condition. */
function deleteStatement(target: string, matches: Array<[string, unknown]>): Statement {
  if (matches.length === 0) throw new ZiggyError('bad_input', refusal, { field: 'where' });
  const values: unknown[] = [];
  const conditionText = matches.map(([column, value]) => {
    if (value === null) return `${pg.escapeIdentifier(column)} IS NULL`;
    values.push(value);
    return `${pg.escapeIdentifier(column)} = $${values.length}`;
  });
  return { text: `DELETE FROM ${target} WHERE ${conditionText.join(' AND ')}`, values };
}
