import pg from 'pg';
import { pendingMigrations } from '../pending-migrations.ts';
import type { StoreHealth } from '../types.ts';
import { displayStoreUrl, withoutPassword } from '../url.ts';
import type { Migration } from './migrations.ts';

/** How long the health check waits to connect, and then for its query; a probe must answer quickly either way. */
export const healthTimeoutMs = 2000;

const undefinedTable = '42P01';

/**
 * Reads the schema version on a connection of its own, with a short connect and query timeout:
 * it reports whether PostgreSQL answers now, even when the pool's connections are busy or broken.
 * A database never migrated has no `ziggy_migrations` table yet: version 0.
 */
export async function postgresHealth(url: string, migrations: readonly Migration[]): Promise<StoreHealth> {
  const codeVersion = migrations.at(-1)?.version ?? 0;
  const location = displayStoreUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: healthTimeoutMs, query_timeout: healthTimeoutMs });
  // A connection dropped mid-check is reported by the failing query below; the event alone must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    const schemaVersion = await schemaVersionOf(client);
    return { kind: 'postgres', location, reachable: true, schemaVersion, codeVersion, pending: pendingMigrations(migrations, schemaVersion) };
  } catch (error) {
    const message = withoutPassword(error instanceof Error ? error.message || error.name : String(error), url);
    return { kind: 'postgres', location, reachable: false, error: message, schemaVersion: null, codeVersion, pending: [] };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function schemaVersionOf(client: pg.Client): Promise<number> {
  try {
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM ziggy_migrations');
    return rows[0]?.version ?? 0;
  } catch (error) {
    if ((error as { code?: unknown }).code === undefinedTable) return 0;
    throw error;
  }
}
