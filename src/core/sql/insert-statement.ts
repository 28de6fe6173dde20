import type { Conflict, SqlDialect, Statement } from './dialect.ts';
import type { FieldColumn } from './mapping.ts';

export interface InsertPlan {
  /** The quoted, schema-qualified table. */
  target: string;
  pairs: readonly FieldColumn[];
  /** Present for an upsert. */
  conflict?: Conflict;
  returning?: readonly string[] | undefined;
}

/** Rows per statement: the asked batch size, shrunk so that rows × columns stays within the parameter limit (and the row limit, if any). */
export function rowsPerStatement(dialect: SqlDialect, batchSize: number, columnCount: number): number {
  const withinParameters = Math.floor(dialect.maxParameters / Math.max(1, columnCount));
  return Math.max(1, Math.min(batchSize, withinParameters, dialect.maxRowsPerStatement ?? withinParameters));
}

/**
 * One multi-row INSERT for `batch`: names quoted, every value a bound parameter. A field a row
 * lacks (undefined) becomes DEFAULT, so the column's default applies; null stays NULL.
 */
export function insertStatement(dialect: SqlDialect, plan: InsertPlan, batch: ReadonlyArray<Record<string, unknown>>): Statement {
  const values: unknown[] = [];
  const rows = batch.map((row) =>
    plan.pairs.map(({ field }) => {
      const value = row[field];
      if (value === undefined) return 'DEFAULT';
      values.push(value);
      return dialect.placeholder(values.length);
    }),
  );
  const columns = plan.pairs.map((pair) => pair.column);
  const quote = (names: readonly string[]): string => names.map((name) => dialect.quoteIdentifier(name)).join(', ');
  let text = `INSERT INTO ${plan.target} (${quote(columns)}) VALUES ${rows.map((cells) => `(${cells.join(', ')})`).join(', ')}`;
  if (plan.conflict !== undefined) {
    text =
      dialect.upsertStatement === undefined
        ? `${text} ${dialect.upsertClause(plan.conflict, (name) => dialect.quoteIdentifier(name))}`
        : dialect.upsertStatement({ target: plan.target, columns, rows }, plan.conflict);
  }
  if (plan.returning !== undefined && plan.returning.length > 0) text += ` RETURNING ${quote(plan.returning)}`;
  return { text, values };
}
