/** The copy's PostgreSQL side: reads one snapshot of a store, or fills a new one with batched inserts. */
import type pg from 'pg';
import { openPool } from '../postgres/database.ts';
import { migratePostgresStore } from '../postgres/index.ts';
import { migrations } from '../postgres/migrations.ts';
import type { CopySource, CopyTarget } from './endpoints.ts';
import type { StoreLocation } from './locations.ts';
import { copiedTables, type ColumnKind, type CopiedRow, type CopiedTable, type CopiedValue } from './tables.ts';

type PostgresLocation = Extract<StoreLocation, { kind: 'postgres' }>;

/** PostgreSQL takes at most 65 535 parameters per statement; this leaves room and keeps statements small. */
const maxParameters = 30_000;

/** jsonb is read as its text, so a stored JSON null stays apart from a SQL NULL (as the store itself reads it). */
function selected(column: { name: string; kind: ColumnKind }): string {
  return column.kind === 'json' ? `${column.name}::text AS ${column.name}` : column.name;
}

function fromPostgres(kind: ColumnKind, value: unknown): CopiedValue {
  if (value === null || value === undefined) return null;
  // bigint comes as a string from pg; the ids the store makes stay far below 2^53.
  if (kind === 'integer') return Number(value);
  return value as CopiedValue;
}

const casts: Record<ColumnKind, string> = { text: '', integer: '', boolean: '', time: '::timestamptz', json: '::jsonb', tags: '::text[]' };

async function connect(location: PostgresLocation): Promise<{ pool: pg.Pool; client: pg.PoolClient }> {
  const pool = openPool({ url: location.url, maxConnections: 1 });
  try {
    const client = await pool.connect();
    // A connection lost mid-copy fails the pending query; without a listener it would also crash the process.
    client.on('error', () => {});
    return { pool, client };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

async function count(client: pg.PoolClient, table: CopiedTable): Promise<number> {
  const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.name}`);
  return Number(result.rows[0]?.n);
}

function closer(pool: pg.Pool, client: pg.PoolClient): () => Promise<void> {
  let closed = false;
  return async () => {
    if (closed) return;
    closed = true;
    client.release();
    await pool.end();
  };
}

export async function openPostgresSource(location: PostgresLocation): Promise<CopySource> {
  const { pool, client } = await connect(location);
  return {
    location,
    knownVersion: migrations.at(-1)?.version ?? 0,
    async schemaVersion() {
      const recorded = await client.query<{ present: boolean }>("SELECT to_regclass('ziggy_migrations') IS NOT NULL AS present");
      if (recorded.rows[0]?.present !== true) return 0;
      const row = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM ziggy_migrations');
      return row.rows[0]?.version ?? 0;
    },
    count: (table) => count(client, table),
    async snapshot(work) {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await work();
      } finally {
        await client.query('ROLLBACK');
      }
    },
    async *rows(table, batchSize) {
      // A cursor in the snapshot's transaction: one ordered scan, fetched a batch at a time.
      const select = `SELECT ${table.columns.map(selected).join(', ')} FROM ${table.name} ORDER BY ${table.postgresOrder.join(', ')}`;
      await client.query(`DECLARE copy_rows NO SCROLL CURSOR FOR ${select}`);
      try {
        for (;;) {
          const result = await client.query<unknown[]>({ text: `FETCH ${batchSize} FROM copy_rows`, rowMode: 'array' });
          if (result.rows.length === 0) return;
          yield result.rows.map((row) => table.columns.map((column, index) => fromPostgres(column.kind, row[index])));
        }
      } finally {
        await client.query('CLOSE copy_rows');
      }
    },
    close: closer(pool, client),
  };
}

/** Applies the migrations first (creating the schema in an empty database), then opens one client for the copy's transaction. */
export async function openPostgresTarget(location: PostgresLocation): Promise<CopyTarget> {
  await migratePostgresStore({ url: location.url });
  const { pool, client } = await connect(location);
  return {
    location,
    count: (table) => count(client, table),
    async transaction(work) {
      await client.query('BEGIN');
      try {
        // Writers wait until the copy commits; readers still see the empty store meanwhile.
        await client.query(`LOCK TABLE ${copiedTables.map((table) => table.name).join(', ')} IN EXCLUSIVE MODE`);
        const result = await work();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async insert(table, rows) {
      const names = table.columns.map((column) => column.name).join(', ');
      const overriding = table.identity === undefined ? '' : ' OVERRIDING SYSTEM VALUE';
      const perStatement = Math.max(1, Math.floor(maxParameters / table.columns.length));
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        const values: CopiedValue[] = [];
        const tuples = chunk.map((row) => {
          const placeholders = table.columns.map((column, index) => {
            values.push(row[index] ?? null);
            return `$${values.length}${casts[column.kind]}`;
          });
          return `(${placeholders.join(', ')})`;
        });
        await client.query(`INSERT INTO ${table.name} (${names})${overriding} VALUES ${tuples.join(', ')}`, values);
      }
    },
    async moveIdentityCounters() {
      for (const table of copiedTables) {
        if (table.identity === undefined) continue;
        // setval is strict: on an empty table max() is NULL and the counter stays where it is.
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table.name}', '${table.identity}'), max(${table.identity})) FROM ${table.name}`,
        );
      }
    },
    close: closer(pool, client),
  };
}
