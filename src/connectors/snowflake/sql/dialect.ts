import { ZiggyError } from '../../../core/index.ts';
import type { SqlDialect } from '../../../core/sql/index.ts';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

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
  // A VALUES list names its columns column1, column2 …, so the SELECT gives them the written names.
  upsertStatement(insert, conflict) {
    const columns = insert.columns.map(quote).join(', ');
    const source = insert.rows.map((cells) => {
      if (cells.includes('DEFAULT')) {
        throw new ZiggyError(
          'bad_input',
          "A row lacks a field the other rows write; Snowflake's MERGE cannot fill in a column default, so give every row every field (null for NULL).",
          { field: 'rows' },
        );
      }
      return `(${cells.join(', ')})`;
    });
    const named = insert.columns.map((column, index) => `column${index + 1} AS ${quote(column)}`).join(', ');
    const matches = conflict.columns.map((column) => `target.${quote(column)} = source.${quote(column)}`).join(' AND ');
    const sets = conflict.update.map((column) => `target.${quote(column)} = source.${quote(column)}`).join(', ');
    const inserted = insert.columns.map((column) => `source.${quote(column)}`).join(', ');
    return [
      `MERGE INTO ${insert.target} AS target`,
      `USING (SELECT ${named} FROM VALUES ${source.join(', ')}) AS source`,
      `ON ${matches}`,
      ...(sets === '' ? [] : [`WHEN MATCHED THEN UPDATE SET ${sets}`]),
      `WHEN NOT MATCHED THEN INSERT (${columns}) VALUES (${inserted})`,
    ].join('\n');
  },
  // MERGE reports "number of rows inserted" and "number of rows updated"; the SDK adds them up.
  upsertedRows: (result) => result.affected,
  // Snowflake has no INSERT … RETURNING.
  supportsReturning: false,
  defaultSchema: "the session's schema (the schema setting; CURRENT_SCHEMA())",
};
