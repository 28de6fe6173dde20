import pg from 'pg';
import type { SqlContractFixtures } from '../../sql-contract/index.ts';
import postgres from '../index.ts';
import { postgresDriver } from './driver.ts';

/** The real server on this machine (trust auth). If it is down the SQL tests fail; they never skip. */
export const live = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

export const postgresSqlFixtures: SqlContractFixtures<pg.Pool> = {
  operations: postgres.operations,
  driver: postgresDriver,
  async openClient(max) {
    const pool = new pg.Pool({ ...live, max });
    pool.on('error', () => undefined);
    return pool;
  },
  closeClient: (pool) => pool.end(),
  series: (count) => ({ text: 'SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, $1::int) g', values: [count] }),
  sleep: (seconds) => ({ text: 'SELECT pg_sleep($1::int) AS slept', values: [seconds] }),
};
