/**
 * Shared by the run tests: services on a fresh data dir with chosen run limits, and the
 * `db` Postgres connection on this machine (dev reads database test, prod database postgres).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openServices, type OpenedServices, type RunOptions } from './index.ts';

export const actor = 'test:runner';

export interface RunFixture {
  services: OpenedServices;
  dataDir: string;
  dispose(): Promise<void>;
}

export async function openRunFixture(runs: RunOptions = {}): Promise<RunFixture> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-runs-'));
  const services = await openServices({ dataDir, env: {}, runs });
  return {
    services,
    dataDir,
    async dispose() {
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The seed Postgres object with its password a secret (trust auth ignores it, but it is resolved and must be scrubbed). */
export function postgresSource(database: string, secret = 'PG_PASSWORD'): string {
  return `{ host: '127.0.0.1', user: 'postgres', password: secrets.${secret}, database: '${database}', port: 5432 }`;
}

/** Creates `db` (dev: database test; prod: database postgres) with PG_PASSWORD set to `password`. */
export async function createDb(services: OpenedServices, password: string, name = 'db'): Promise<void> {
  await services.secrets.set({ name: 'PG_PASSWORD', value: password, mode: 'dev' }, actor);
  await services.connections.create(
    { name, type: 'postgres', devSource: postgresSource('test'), prodSource: postgresSource('postgres') },
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
