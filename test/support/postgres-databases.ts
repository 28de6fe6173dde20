import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL (trust auth); ZIGGY_TEST_POSTGRES_URL names another server (its maintenance database). */
export const postgresServerUrl = process.env['ZIGGY_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresQuery(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** Databases made for one test file on the machine's PostgreSQL, dropped by `dropAll` (call it in `after`). */
export function postgresDatabases(prefix: string): { fresh(label: string): Promise<string>; dropAll(): Promise<void> } {
  const runId = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const created: string[] = [];
  return {
    /** A new empty database; its name is letters, digits and underscores, safe unquoted. Returns its URL. */
    async fresh(label) {
      const name = `${prefix}_${runId}_${label}`;
      await postgresQuery(postgresServerUrl, `CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(postgresServerUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dropAll() {
      for (const name of created.splice(0)) await postgresQuery(postgresServerUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
