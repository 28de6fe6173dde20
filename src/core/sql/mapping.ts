import { ZiggyError } from '../errors.ts';

/** One row field and the column it is written to. */
export interface FieldColumn {
  field: string;
  column: string;
}

/**
 * The field → column pairs of a write: the explicit mapping, or else every field that occurs in
 * any row (in order of first appearance) into the column of the same name.
 */
export function fieldColumns(rows: ReadonlyArray<Record<string, unknown>>, mapping: Record<string, string> | undefined): FieldColumn[] {
  const pairs: FieldColumn[] =
    mapping === undefined
      ? [...new Set(rows.flatMap((row) => Object.keys(row)))].map((field) => ({ field, column: field }))
      : Object.entries(mapping).map(([field, column]) => ({ field, column }));
  if (pairs.length === 0 && rows.length > 0) {
    throw new ZiggyError('bad_input', 'The rows have no fields, so there is no column to write.', { field: 'rows' });
  }
  const seen = new Map<string, string>();
  for (const { field, column } of pairs) {
    const other = seen.get(column);
    if (other !== undefined) {
      throw new ZiggyError('bad_input', `columns maps both "${other}" and "${field}" to column "${column}"; map each column once.`, {
        field: 'columns',
      });
    }
    seen.set(column, field);
  }
  return pairs;
}

/** The row field that feeds `column`: the mapped one, or the field of the same name. */
export function fieldFor(pairs: readonly FieldColumn[], column: string): string {
  return pairs.find((pair) => pair.column === column)?.field ?? column;
}

/**
 * The value a key column must match in `row`. Missing and null keys are refused: `k = NULL`
 * matches nothing, and matching null rows instead would touch rows nobody named.
 */
export function keyValue(row: Record<string, unknown>, field: string, column: string, index: number): unknown {
  const value = row[field];
  if (value === undefined || value === null) {
    throw new ZiggyError('bad_input', `Row ${index + 1} has no value for key column "${column}" (field "${field}").`, {
      field: 'rows',
      row: index,
    });
  }
  return value;
}
