import { mergeUpsert, type MergeSyntax, type SqlDialect } from '../../../core/sql/index.ts';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const merge: MergeSyntax = {
  label: 'Snowflake',
  quote,
  target: 'target',
  source: 'source',
  into: (table) => `MERGE INTO ${table} AS target`,
  // A VALUES list names its columns column1, column2 …, so the SELECT gives them the written names.
  using: (values, columns) => `USING (SELECT ${columns.map((column, index) => `column${index + 1} AS ${quote(column)}`).join(', ')} FROM ${values}) AS source`,
  end: '',
};

export const snowflakeDialect: SqlDialect = {
  label: 'Snowflake',
  quoteIdentifier: quote,
  placeholder: () => '?',
  placeholderExample: '?',
  // Snowflake documents no fixed bind limit, but the SDK sends every bind in one JSON request body
  // and stage-binds (a PUT to a temporary stage) past CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (65,280);
  // 16,384 keeps one statement's request small and well under that threshold.
  maxParameters: 16_384,
  identifierProblem(name) {
    if (name.includes('\0')) return 'A name cannot contain the NUL character.';
    // "Identifiers … 255 characters" (Snowflake's identifier requirements).
    if ([...name].length > 255) return 'Snowflake names are at most 255 characters long.';
    return undefined;
  },
  // Snowflake has no INSERT … ON CONFLICT; MERGE over the batch as a VALUES source does both.
  upsertStatement: (insert, conflict) => mergeUpsert(merge, insert, conflict),
  // MERGE reports "number of rows inserted" and "number of rows updated"; the SDK adds them up.
  upsertedRows: (result) => result.affected,
  // Snowflake has no INSERT … RETURNING.
  supportsReturning: false,
  defaultSchema: "the session's schema (the schema setting; CURRENT_SCHEMA())",
};
