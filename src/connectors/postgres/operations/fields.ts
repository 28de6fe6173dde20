import pg from 'pg';
import { z } from 'zod';

/**
 * A table or column name. It is always quoted (`pg.escapeIdentifier`), so any characters work,
 * spaces, quotes and upper case included; only NUL (which Postgres refuses) and names longer
 * than the 63 bytes Postgres keeps (it would silently cut them) are refused here.
 */
export const identifier = z
  .string()
  .min(1)
  .refine((name) => !name.includes('\0'), 'A name cannot contain the NUL character.')
  .refine((name) => Buffer.byteLength(name) <= 63, 'Postgres names are at most 63 bytes long.');

export const identifiers = z.array(identifier).min(1);

export const sqlText = z.string().trim().min(1).describe('The SQL statement. Put values in params as $1, $2 … instead of into the text.');

export const sqlParams = z
  .array(z.unknown())
  .optional()
  .describe('Values for the $1, $2 … placeholders, in order. They are sent apart from the SQL, so they can never change the statement.');

export const table = identifier.describe('Name of the table, exactly as it is in the database (it is quoted, so case and spaces matter).');

export const schema = identifier.optional().describe("Schema of the table; when left out, the connection's search_path decides (usually public).");

export const rows = z
  .array(z.record(z.string(), z.unknown()))
  .describe('The rows, as objects of field → value. Values are sent as parameters; objects become JSON, Dates timestamps, Buffers bytea.');

export const columns = z
  .record(z.string(), identifier)
  .refine((mapping) => Object.keys(mapping).length > 0, 'Map at least one field to a column, or leave columns out.')
  .optional()
  .describe("Which row field goes into which column, as { field: 'column' }; fields not named are ignored. Default: every field into the column of the same name.");

export const key = z
  .union([identifier, identifiers])
  .describe('Column or columns that identify a row (usually the primary key); each row must give a non-null value for each.');

/** `"schema"."table"` or `"table"`, quoted so no name can break out of the identifier. */
export function qualifiedTable(target: { table: string; schema?: string | undefined }): string {
  const quoted = pg.escapeIdentifier(target.table);
  return target.schema === undefined ? quoted : `${pg.escapeIdentifier(target.schema)}.${quoted}`;
}

export function keyColumns(key: string | string[]): string[] {
  return typeof key === 'string' ? [key] : key;
}
