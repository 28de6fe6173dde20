// For the migration tests: a SQLite file stopped at an older schema version, removed after the test file.
import { mkdtemp, rm } from 'node:fs/promises';
import type { DatabaseSync } from 'node:sqlite';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { openDatabase } from './database.ts';
import { applyMigrations } from './migrate.ts';
import { migrations } from './migrations.ts';

const temporaryDirs: string[] = [];
after(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A new store file with the first `version` migrations applied, open for the test to fill; close it before opening the store. */
export async function databaseAtVersion(version: number): Promise<{ file: string; old: DatabaseSync }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-migration-'));
  temporaryDirs.push(dir);
  const file = path.join(dir, 'ziggy.db');
  const old = openDatabase({ file, busyTimeoutMs: 1000 });
  applyMigrations(old, file, migrations.slice(0, version));
  return { file, old };
}
