import { ZiggyError } from '../../../core/index.ts';
import type { SqlDialect } from '../../../core/sql/index.ts';

const quote = (name: string): string => `[${name.replaceAll(']', ']]')}]`;

export const mssqlDialect: SqlDialect = {
  label: 'SQL Server',
  quoteIdentifier: quote,
  placeholder: (position) => `@p${position}`,
  placeholderExample: '@p1, @p2 …',
  // A request carries at most 2,100 parameters, sp_executesql's own @stmt and @params among them; keep a margin.
  maxParameters: 2_000,
  // "The number of row value expressions in the INSERT statement exceeds the maximum allowed number of 1000" (error 10738).
  maxRowsPerStatement: 1_000,
  identifierProblem(name) {
    if (name.includes('\0')) return 'A name cannot contain the NUL character.';
    // Names are sysname, nvarchar(128): counted in UTF-16 code units.
    if (name.length > 128) return 'SQL Server names are at most 128 characters long.';
    return undefined;
  },
  // SQL Server has no INSERT … ON CONFLICT; MERGE does both, and HOLDLOCK keeps two concurrent upserts of one key from both inserting.
  upsertStatement(insert, conflict) {
    const columns = insert.columns.map(quote).join(', ');
    const source = insert.rows.map((cells) => {
      if (cells.includes('DEFAULT')) {
        throw new ZiggyError(
          'bad_input',
          "A row lacks a field the other rows write; SQL Server's MERGE cannot fill in a column default, so give every row every field (null for NULL).",
          { field: 'rows' },
        );
      }
      return `(${cells.join(', ')})`;
    });
    const matches = conflict.columns.map((column) => `[target].${quote(column)} = [source].${quote(column)}`).join(' AND ');
    const sets = conflict.update.map((column) => `[target].${quote(column)} = [source].${quote(column)}`).join(', ');
    const inserted = insert.columns.map((column) => `[source].${quote(column)}`).join(', ');
    return [
      `MERGE INTO ${insert.target} WITH (HOLDLOCK) AS [target]`,
      `USING (VALUES ${source.join(', ')}) AS [source] (${columns})`,
      `ON ${matches}`,
      ...(sets === '' ? [] : [`WHEN MATCHED THEN UPDATE SET ${sets}`]),
      `WHEN NOT MATCHED THEN INSERT (${columns}) VALUES (${inserted});`,
    ].join('\n');
  },
  // MERGE counts every row it inserted or updated; a matched row with nothing to update is not touched, so not counted.
  upsertedRows: (result) => result.affected,
  // OUTPUT INSERTED.… would do it, but it goes before VALUES, where the shared INSERT has no hook.
  supportsReturning: false,
  defaultSchema: "the login's default schema (usually dbo)",
};
