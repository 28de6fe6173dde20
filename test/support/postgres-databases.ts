import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL (trust auth); ZIGGY_TEST_POSTGRES_URL names another server (its maintenance database). */
export const testPostgresUrl = process.env['ZIGGY_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function queryPostgres(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** Databases made by one test file: each new and empty, all dropped by `dropAll` (call it in `after`). */
export interface TestDatabases {
  /** A new empty database's URL; the name is letters, digits and underscores, safe unquoted. */
  create(label: string): Promise<string>;
  dropAll(): Promise<void>;
}

export function testDatabases(prefix: string): TestDatabases {
  const runId = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const created: string[] = [];
  return {
    async create(label) {
      const name = `${prefix}_${runId}_${label}`;
      await queryPostgres(testPostgresUrl, `CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(testPostgresUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dropAll() {
      for (const name of created.splice(0)) await queryPostgres(testPostgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
