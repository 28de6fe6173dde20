import type { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import { writeTransaction } from './database.ts';
import type { Migration } from './migrations.ts';

/** Applies the migrations the file has not seen yet, all in one transaction, and returns them; none when it is up to date. */
export function applyMigrations(
  db: DatabaseSync,
  file: string,
  migrations: readonly Migration[],
): Array<Pick<Migration, 'version' | 'name'>> {
  const known = migrations.at(-1)?.version ?? 0;
  return writeTransaction(db, file, () => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      ) STRICT
    `);
    const applied = db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations').get();
    const current = Number(applied?.['version']);
    if (current > known) {
      throw new ZiggyError(
        'internal',
        `Database ${file} has schema version ${current}, but this version of Ziggy knows versions up to ${known}: ` +
          'it was written by a newer Ziggy. Upgrade Ziggy to open it.',
        { file, schemaVersion: current, knownVersion: known },
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const newlyApplied: Array<Pick<Migration, 'version' | 'name'>> = [];
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      newlyApplied.push({ version: migration.version, name: migration.name });
    }
    return newlyApplied;
  });
}
