import mssql from 'mssql';
import type { MssqlConfig } from './schema.ts';

/** The config as mssql takes it; undefined keys are left out, so mssql's own defaults apply. */
export function poolConfig(config: MssqlConfig): mssql.config {
  const { options, pool, ...rest } = config;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return { ...defined, server: config.server, options: { ...options }, pool: { ...pool } };
}

/** A connected pool: a wrong password or an unreachable server fails here, not at the first query. */
export async function createPool(config: MssqlConfig): Promise<mssql.ConnectionPool> {
  const pool = new mssql.ConnectionPool(poolConfig(config));
  // A connection that drops while idle is reported on the pool; the pool replaces it.
  pool.on('error', () => undefined);
  return pool.connect();
}

export function closePool(pool: mssql.ConnectionPool): Promise<void> {
  return pool.close();
}
