import { mergeUpsert, type MergeSyntax, type SqlDialect } from '../../../core/sql/index.ts';

const quote = (name: string): string => `[${name.replaceAll(']', ']]')}]`;

const merge: MergeSyntax = {
  label: 'SQL Server',
  quote,
  target: '[target]',
  source: '[source]',
  into: (table) => `MERGE INTO ${table} WITH (HOLDLOCK) AS [target]`,
  using: (values, columns) => `USING (${values}) AS [source] (${columns.map(quote).join(', ')})`,
  end: ';',
};

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
  upsertStatement: (insert, conflict) => mergeUpsert(merge, insert, conflict),
  // MERGE counts every row it inserted or updated; a matched row with nothing to update is not touched, so not counted.
  upsertedRows: (result) => result.affected,
  // OUTPUT INSERTED.… would do it, but it goes before VALUES, where the shared INSERT has no hook.
  supportsReturning: false,
  defaultSchema: "the login's default schema (usually dbo)",
};
