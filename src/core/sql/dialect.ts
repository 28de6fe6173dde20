/** One row as the driver hands it over: column name → value. */
export type Row = Record<string, unknown>;

/** One parameterized SQL statement: the values travel apart from the text, as bound parameters. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** A result column: its name and the driver's code for its type (a Postgres type OID, a MySQL column type). */
export interface ResultField {
  name: string;
  dataTypeID: number;
}

export interface StatementResult {
  rows: Row[];
  /** Rows the statement inserted, updated or deleted, as the server counts them. */
  affected: number;
  fields: ResultField[];
  /** The server's summary of a write, where it sends one (MySQL: `Records: 2  Duplicates: 1  Warnings: 0`). */
  summary?: string;
}

/** The statement's rows read a batch at a time, so only one batch is in memory. */
export interface SqlCursor {
  /** Up to `count` more rows; fewer (or none) when the rows run out. */
  read(count: number): Promise<Row[]>;
  /** Ends the read; `'discard'` when the connection cannot be reused (e.g. a MySQL result left unread). */
  close(): Promise<'reusable' | 'discard'>;
}

/** One connection checked out of the client's pool, for one operation. */
export interface SqlConnection {
  /** Runs exactly one statement with bound parameters. */
  execute(statement: Statement): Promise<StatementResult>;
  /** Runs SQL as the raw operation does: several statements when there are no values; the last result counts. */
  script(statement: Statement): Promise<StatementResult>;
  /** Opens a streaming read of one statement; nothing is read until the first `read`. */
  cursor(statement: Statement): SqlCursor;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Gives the connection back to the pool. */
  release(): void;
  /** Closes the connection instead (after an abort or an unknown protocol state), which also ends a statement still running on it. */
  destroy(): void;
}

/** An upsert's conflict handling: `update` empty means keep the existing row as it is. */
export interface Conflict {
  columns: readonly string[];
  update: readonly string[];
}

/**
 * What differs between SQL databases, as the shared SQL Block operations need it. A new SQL
 * database is one of these plus a driver adapter, not a copy of the operations.
 */
interface SqlDialectBase {
  /** Shown in messages and parameter descriptions, e.g. `Postgres`, `MySQL/MariaDB`. */
  label: string;
  /** The name quoted so that any characters in it stay part of the name. */
  quoteIdentifier(name: string): string;
  /** The placeholder of the n-th value of a statement, counted from 1: `$1` or `?`. */
  placeholder(position: number): string;
  /** How placeholders are written in docs and parameter descriptions, e.g. `$1, $2 …` or `?`. */
  placeholderExample: string;
  /** Most bound values one statement may carry. */
  maxParameters: number;
  /** Most rows one INSERT … VALUES may list, where the server has such a limit (SQL Server: 1,000). */
  maxRowsPerStatement?: number;
  /** Why a table or column name cannot be used (the server would refuse or cut it), or undefined when it is fine. */
  identifierProblem(name: string): string | undefined;
  /** How many rows an upsert statement of `batchRows` rows inserted or updated, from what the server reported. */
  upsertedRows(result: StatementResult, batchRows: number, conflict: Conflict): number;
  /** Whether `INSERT … RETURNING` exists; when not, `returning` is refused. */
  supportsReturning: boolean;
  /** Where the server tells the default schema, for the `schema` parameter's description. */
  defaultSchema: string;
}

/**
 * How a dialect writes an upsert: a clause after `INSERT … VALUES …` (ON CONFLICT, ON DUPLICATE
 * KEY UPDATE), or, where the database has no such clause, a statement of its own (SQL Server's MERGE).
 */
type UpsertWriting =
  | {
      /** The clause after `INSERT … VALUES …` that turns it into an upsert. */
      upsertClause(conflict: Conflict, quote: (name: string) => string): string;
      upsertStatement?: never;
    }
  | {
      /** The whole upsert statement, from the parts of the INSERT it replaces. */
      upsertStatement(insert: InsertParts, conflict: Conflict): string;
      upsertClause?: never;
    };

export type SqlDialect = SqlDialectBase & UpsertWriting;

/** A multi-row INSERT's parts, for a dialect that writes an upsert as a statement of its own. */
export interface InsertParts {
  /** The quoted, schema-qualified table. */
  target: string;
  /** The written columns, unquoted. */
  columns: readonly string[];
  /** Per row, per column: a placeholder, or `DEFAULT` where the row lacks the field. */
  rows: ReadonlyArray<readonly string[]>;
}

/** A connector's side of the SQL Block: its dialect and how to borrow a connection from its client. */
export interface SqlDriver<Client> {
  dialect: SqlDialect;
  connect(client: Client): Promise<SqlConnection>;
  /** The driver's error as a plain `ZiggyError` naming the server's code and where in `sql`; anything else unchanged. */
  failure(error: unknown, sql: string): unknown;
}
