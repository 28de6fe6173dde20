import { z } from 'zod';
import type { SqlDialect } from './dialect.ts';

/** The input fields the SQL Block's operations share, worded and limited for one dialect. */
export function sqlFields(dialect: SqlDialect) {
  /**
   * A table or column name. It is always quoted, so any characters work, spaces, quotes and
   * upper case included; only names the server would refuse or silently cut are refused here.
   */
  const identifier = z
    .string()
    .min(1)
    .superRefine((name, context) => {
      const problem = dialect.identifierProblem(name);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    });
  const identifiers = z.array(identifier).min(1);
  const placeholders = dialect.placeholderExample;
  return {
    identifier,
    identifiers,
    sqlText: z.string().trim().min(1).describe(`The SQL statement. Put values in params as ${placeholders} instead of into the text.`),
    sqlParams: z
      .array(z.unknown())
      .optional()
      .describe(`Values for the ${placeholders} placeholders, in order. They are sent apart from the SQL, so they can never change the statement.`),
    table: identifier.describe('Name of the table, exactly as it is in the database (it is quoted, so case and spaces matter).'),
    schema: identifier.optional().describe(`Schema of the table; when left out, ${dialect.defaultSchema} decides.`),
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .describe('The rows, as objects of field → value. Values are sent as bound parameters; objects and arrays become JSON, Dates timestamps, Buffers bytes.'),
    columns: z
      .record(z.string(), identifier)
      .refine((mapping) => Object.keys(mapping).length > 0, 'Map at least one field to a column, or leave columns out.')
      .optional()
      .describe("Which row field goes into which column, as { field: 'column' }; fields not named are ignored. Default: every field into the column of the same name."),
    key: z
      .union([identifier, identifiers])
      .describe('Column or columns that identify a row (usually the primary key); each row must give a non-null value for each.'),
  };
}

export type SqlFields = ReturnType<typeof sqlFields>;

/** `"schema"."table"` or `"table"` in the dialect's quotes, so no name can break out of the identifier. */
export function qualifiedTable(dialect: SqlDialect, target: { table: string; schema?: string | undefined }): string {
  const quoted = dialect.quoteIdentifier(target.table);
  return target.schema === undefined ? quoted : `${dialect.quoteIdentifier(target.schema)}.${quoted}`;
}

export function keyColumns(key: string | string[]): string[] {
  return typeof key === 'string' ? [key] : key;
}
