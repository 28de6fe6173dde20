/**
 * The PostgreSQL pool and its write transactions. Several Ziggy processes may share one
 * database: every change runs in its own transaction on one pooled client, and the
 * statements themselves (compare-and-set, ON CONFLICT, row locks) keep concurrent writers
 * correct at READ COMMITTED, so nothing here retries.
 */
import pg from 'pg';

/** A pooled client or the pool itself: both run queries. */
export type Queryable = pg.Pool | pg.PoolClient;

const timestamptzOid = 1184;
const parseTimestamptz = pg.types.getTypeParser(timestamptzOid) as (value: string) => Date;

/**
 * The interface speaks ISO strings with milliseconds and Z, as the SQLite store returns
 * them; columns are timestamptz so PostgreSQL compares and indexes real times.
 */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === timestamptzOid
      ? (value: string) => parseTimestamptz(value).toISOString()
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export interface OpenPoolOptions {
  url: string;
  /** At most this many connections per process; default 10. */
  maxConnections?: number;
}

export function openPool(options: OpenPoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, types: typeParsers });
  // An idle client losing its connection (a PostgreSQL restart) must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  // A client in use when PostgreSQL goes away can also emit 'error'; unheard, that would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `work` inside BEGIN … COMMIT on one client, rolling back when it throws. */
export async function writeTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

const uniqueViolation = '23505';
const foreignKeyViolation = '23503';

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === code;
}

export const isUniqueViolation = (error: unknown): boolean => hasCode(error, uniqueViolation);
export const isForeignKeyViolation = (error: unknown): boolean => hasCode(error, foreignKeyViolation);

/** Rows come back as the columns' names; callers state the row type they selected. */
export async function queryRows<Row>(db: Queryable, sql: string, values: unknown[] = []): Promise<Row[]> {
  const result = await db.query(sql, values);
  return result.rows as Row[];
}

export async function queryOne<Row>(db: Queryable, sql: string, values: unknown[] = []): Promise<Row | undefined> {
  return (await queryRows<Row>(db, sql, values))[0];
}

/** How many rows a DELETE or UPDATE touched. */
export async function affectedRows(db: Queryable, sql: string, values: unknown[] = []): Promise<number> {
  return (await db.query(sql, values)).rowCount ?? 0;
}
