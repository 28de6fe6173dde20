import pg from 'pg';
import type { FieldColumn } from './mapping.ts';

/** Postgres' wire protocol counts a statement's parameters in 16 bits. */
export const maxParameters = 65_535;

export interface InsertPlan {
  /** The quoted, schema-qualified table. */
  target: string;
  pairs: readonly FieldColumn[];
  /** ON CONFLICT (columns) DO UPDATE SET each of `update` = EXCLUDED; DO NOTHING when `update` is empty. */
  conflict?: { columns: readonly string[]; update: readonly string[] };
  returning?: readonly string[] | undefined;
}

/** Rows per statement: the asked batch size, shrunk so that rows × columns stays within the parameter limit. */
export function rowsPerStatement(batchSize: number, columnCount: number): number {
  return Math.max(1, Math.min(batchSize, Math.floor(maxParameters / Math.max(1, columnCount))));
}

/**
 * One multi-row INSERT for `batch`: names quoted, every value a $n parameter. A field a row
 * lacks (undefined) becomes DEFAULT, so the column's default applies; null stays NULL.
 */
export function insertStatement(plan: InsertPlan, batch: ReadonlyArray<Record<string, unknown>>): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = batch.map((row) => {
    const cells = plan.pairs.map(({ field }) => {
      const value = row[field];
      if (value === undefined) return 'DEFAULT';
      values.push(value);
      return `$${values.length}`;
    });
    return `(${cells.join(', ')})`;
  });
  const quote = (names: readonly string[]): string => names.map((name) => pg.escapeIdentifier(name)).join(', ');
  let text = `INSERT INTO ${plan.target} (${quote(plan.pairs.map((pair) => pair.column))}) VALUES ${tuples.join(', ')}`;
  if (plan.conflict !== undefined) {
    const sets = plan.conflict.update.map((column) => `${pg.escapeIdentifier(column)} = EXCLUDED.${pg.escapeIdentifier(column)}`);
    text += ` ON CONFLICT (${quote(plan.conflict.columns)}) ${sets.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${sets.join(', ')}`}`;
  }
  if (plan.returning !== undefined && plan.returning.length > 0) text += ` RETURNING ${quote(plan.returning)}`;
  return { text, values };
}
