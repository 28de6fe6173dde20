/**
 * Shared by the run tests (which open services with openTempServices and their run limits):
 * the `db` Postgres connection on this machine (dev reads database test, prod database postgres).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { postgresSource } from '../../test/support/temp-services.ts';
import type { OpenedServices } from './index.ts';

export const actor = 'test:runner';

/** Creates `db` (dev: database test; prod: database postgres) with PG_PASSWORD set to `password`. */
export async function createDb(services: OpenedServices, password: string, name = 'db'): Promise<void> {
  await services.secrets.set({ name: 'PG_PASSWORD', value: password, mode: 'dev' }, actor);
  await services.connections.create(
    { name, type: 'postgres', devSource: postgresSource({ database: 'test' }), prodSource: postgresSource({ database: 'postgres' }) },
    actor,
  );
}

/** The files of the SQLite database (the file, its -wal and -shm) that hold the text anywhere in their bytes. */
export async function databaseFilesContain(dataDir: string, text: string): Promise<string[]> {
  const files = (await readdir(dataDir)).filter((file) => file.startsWith('ziggy.db'));
  const found: string[] = [];
  for (const file of files) {
    if ((await readFile(path.join(dataDir, file))).includes(text)) found.push(file);
  }
  return found;
}
