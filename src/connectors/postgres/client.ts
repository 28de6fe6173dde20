import pg from 'pg';
import type { PostgresConfig } from './schema.ts';

export function createPool(config: PostgresConfig): Promise<pg.Pool> {
  const pool = new pg.Pool(config);
  // An idle connection the server drops emits 'error' on the pool; without a listener that
  // would crash the process. The pool has already discarded that connection and opens a
  // fresh one on the next checkout, so there is nothing more to do here.
  pool.on('error', () => undefined);
  return Promise.resolve(pool);
}

export async function closePool(pool: pg.Pool): Promise<void> {
  if (!pool.ended) await pool.end();
}
