import type pg from 'pg';
import { ZiggyError } from '../../core/errors.ts';
import { queryOne, writeTransaction } from './database.ts';
import type { Migration } from './migrations.ts';

/**
 * The key of the transaction-level advisory lock held while migrating: several instances
 * starting at once queue on it, and each one after the first finds nothing left to apply.
 * Any fixed number works; this one spells "ziggy" in ASCII.
 */
export const migrationLockKey = 0x7a69676779;

export interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Applies the migrations the database has not seen yet, all in one transaction under the
 * advisory lock, and returns them; an empty list when it is up to date.
 */
export async function applyMigrations(pool: pg.Pool, migrations: readonly Migration[]): Promise<AppliedMigration[]> {
  const known = migrations.at(-1)?.version ?? 0;
  return writeTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ziggy_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL
      )
    `);
    const row = await queryOne<{ version: number }>(
      client,
      'SELECT coalesce(max(version), 0)::integer AS version FROM ziggy_migrations',
    );
    const current = row?.version ?? 0;
    if (current > known) {
      throw new ZiggyError(
        'internal',
        `The PostgreSQL store has schema version ${current}, but this version of Ziggy knows versions up to ${known}: ` +
          'it was written by a newer Ziggy. Upgrade Ziggy to open it.',
        { schemaVersion: current, knownVersion: known },
      );
    }
    const applied: AppliedMigration[] = [];
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO ziggy_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      applied.push({ version: migration.version, name: migration.name });
    }
    return applied;
  });
}
