import type { DatabaseSync } from 'node:sqlite';
import { pendingMigrations } from '../pending-migrations.ts';
import type { StoreHealth } from '../types.ts';
import type { Migration } from './migrations.ts';

/** A read of the schema version: a local file answers at once or not at all, so no timeout is needed. */
export function sqliteHealth(db: DatabaseSync, file: string, migrations: readonly Migration[]): StoreHealth {
  const codeVersion = migrations.at(-1)?.version ?? 0;
  try {
    const row = db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations').get();
    const schemaVersion = Number(row?.['version']);
    return { kind: 'sqlite', location: file, reachable: true, schemaVersion, codeVersion, pending: pendingMigrations(migrations, schemaVersion) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'sqlite', location: file, reachable: false, error: message, schemaVersion: null, codeVersion, pending: [] };
  }
}
