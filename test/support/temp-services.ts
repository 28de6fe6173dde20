import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openServices, type OpenedServices, type RunOptions } from '../../src/service/index.ts';

export interface TempServices {
  services: OpenedServices;
  dataDir: string;
  dispose(): Promise<void>;
}

/** Services on a fresh data dir with a generated master key and the given run limits, removed by `dispose`. */
export async function openTempServices(runs: RunOptions = {}): Promise<TempServices> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-test-'));
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

/** The seed page's Postgres object, pointed at this machine's PostgreSQL, its password a secret reference. */
export function postgresSource(options: { database?: string; port?: number | string; secret?: string } = {}): string {
  return `{
    host: '127.0.0.1',
    user: 'postgres',
    password: secrets.${options.secret ?? 'PG_PASSWORD'},
    database: '${options.database ?? 'test'}',
    port: ${options.port ?? 5432}
}`;
}
