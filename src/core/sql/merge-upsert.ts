import { ZiggyError } from '../errors.ts';
import type { Conflict, InsertParts } from './dialect.ts';

/** How one database writes MERGE: the shared statement's database-specific pieces. */
export interface MergeSyntax {
  /** Shown when a row lacks a field, e.g. `SQL Server`. */
  label: string;
  quote(name: string): string;
  /** The aliases as written in the statement: `[target]` or `target`. */
  target: string;
  source: string;
  /** The first line, e.g. `MERGE INTO t WITH (HOLDLOCK) AS [target]`. */
  into(table: string): string;
  /** The USING line over the batch's `VALUES (…), (…)` and the written columns. */
  using(values: string, columns: readonly string[]): string;
  /** What ends the statement (SQL Server requires `;` after a MERGE). */
  end: string;
}

/**
 * An upsert as one MERGE over the batch as a VALUES source, for databases without INSERT … ON
 * CONFLICT. With nothing to update there is no WHEN MATCHED, so existing rows are kept as they are.
 */
export function mergeUpsert(syntax: MergeSyntax, insert: InsertParts, conflict: Conflict): string {
  const { quote } = syntax;
  const values = insert.rows.map((cells) => {
    if (cells.includes('DEFAULT')) {
      throw new ZiggyError(
        'bad_input',
        `A row lacks a field the other rows write; ${syntax.label}'s MERGE cannot fill in a column default, so give every row every field (null for NULL).`,
        { field: 'rows' },
      );
    }
    return `(${cells.join(', ')})`;
  });
  const pair = (column: string): string => `${syntax.target}.${quote(column)} = ${syntax.source}.${quote(column)}`;
  const sets = conflict.update.map(pair).join(', ');
  return [
    syntax.into(insert.target),
    syntax.using(`VALUES ${values.join(', ')}`, insert.columns),
    `ON ${conflict.columns.map(pair).join(' AND ')}`,
    ...(sets === '' ? [] : [`WHEN MATCHED THEN UPDATE SET ${sets}`]),
    `WHEN NOT MATCHED THEN INSERT (${insert.columns.map(quote).join(', ')}) VALUES (${insert.columns.map((column) => `${syntax.source}.${quote(column)}`).join(', ')})${syntax.end}`,
  ].join('\n');
}
