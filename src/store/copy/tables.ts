/**
 * The tables that make up an installation, in foreign-key order (a table comes after the
 * tables it references), with each column's kind: how its values are spelled in each store.
 * Both migrations (../sqlite/migrations.ts, ../postgres/migrations.ts) reach these columns.
 */

/**
 * How a column's value travels between stores, in the form the copy carries it:
 * `text` a string, `integer` a number, `boolean` true/false (SQLite 0/1), `time` an ISO
 * string (PostgreSQL timestamptz), `json` the JSON text (PostgreSQL jsonb), `tags` a string
 * array (SQLite JSON text, PostgreSQL text[]). Every kind may also be null where the column allows it.
 */
export type ColumnKind = 'text' | 'integer' | 'boolean' | 'time' | 'json' | 'tags';

export type CopiedValue = string | number | boolean | string[] | null;

/** One row as the copy carries it: the values in the order of its table's columns. */
export type CopiedRow = CopiedValue[];

export interface CopiedColumn {
  name: string;
  kind: ColumnKind;
}

export interface CopiedTable {
  name: string;
  columns: readonly CopiedColumn[];
  /**
   * The PostgreSQL columns rows are read in. SQLite reads in rowid (insertion) order; where the
   * PostgreSQL table has a `position` identity standing for that order, rows are written in
   * it so the target keeps the order among rows of the same millisecond.
   */
  postgresOrder: readonly string[];
  /** An identity column whose values are kept, and whose counter the target must move past them. */
  identity?: string;
}

const columns = (spec: Record<string, ColumnKind>): CopiedColumn[] =>
  Object.entries(spec).map(([name, kind]) => ({ name, kind }));

export const copiedTables: readonly CopiedTable[] = [
  {
    name: 'connections',
    columns: columns({
      name: 'text', type: 'text', description: 'text', tags: 'tags', dev_source: 'text', prod_source: 'text',
      version: 'integer', created_at: 'time', created_by: 'text', updated_at: 'time', updated_by: 'text',
    }),
    postgresOrder: ['name'],
  },
  {
    name: 'connection_revisions',
    columns: columns({
      connection: 'text', revision: 'integer', action: 'text', at: 'time', actor: 'text',
      changed: 'json', snapshot: 'json', restored_from: 'integer',
    }),
    postgresOrder: ['connection', 'revision'],
  },
  {
    name: 'connection_test_status',
    columns: columns({
      connection: 'text', mode: 'text', ok: 'boolean', code: 'text', message: 'text', at: 'time', duration_ms: 'integer',
    }),
    postgresOrder: ['connection', 'mode'],
  },
  {
    // dev and prod are the ciphertexts, copied as they are: nothing here can decrypt them.
    name: 'secrets',
    columns: columns({
      name: 'text', description: 'text', tags: 'tags', dev: 'text', prod: 'text',
      created_at: 'time', created_by: 'text', updated_at: 'time', updated_by: 'text',
    }),
    postgresOrder: ['name'],
  },
  {
    name: 'users',
    columns: columns({
      username: 'text', password_hash: 'text', dev_role: 'text', prod_role: 'text', disabled: 'boolean',
      created_at: 'time', updated_at: 'time', last_login_at: 'time',
    }),
    postgresOrder: ['username'],
  },
  {
    name: 'api_tokens',
    columns: columns({
      id: 'text', username: 'text', name: 'text', hash: 'text', prefix: 'text', role: 'text',
      created_at: 'time', expires_at: 'time', revoked_at: 'time', last_used_at: 'time',
    }),
    postgresOrder: ['position'],
  },
  {
    name: 'sessions',
    columns: columns({
      id_hash: 'text', username: 'text', csrf_token: 'text', created_at: 'time', expires_at: 'time', last_seen_at: 'time',
    }),
    postgresOrder: ['id_hash'],
  },
  {
    name: 'settings',
    columns: columns({ key: 'text', value: 'json', updated_at: 'time', updated_by: 'text' }),
    postgresOrder: ['key'],
  },
  {
    name: 'blocks',
    columns: columns({
      name: 'text', description: 'text', code: 'text', retry_safe: 'boolean', version: 'integer',
      created_at: 'time', created_by: 'text', updated_at: 'time', updated_by: 'text',
    }),
    postgresOrder: ['name'],
  },
  {
    name: 'runs',
    columns: columns({
      id: 'text', target_kind: 'text', target_name: 'text', target: 'json', mode: 'text', started_by: 'text',
      started_at: 'time', duration_ms: 'integer', status: 'text', result: 'json', outputs: 'json', console: 'json',
      error: 'json', stats: 'json', truncated: 'boolean',
    }),
    postgresOrder: ['position'],
  },
  {
    name: 'audit_log',
    columns: columns({
      id: 'integer', at: 'time', actor: 'text', action: 'text', entity_type: 'text', entity_name: 'text', details: 'json',
    }),
    postgresOrder: ['id'],
    identity: 'id',
  },
];
