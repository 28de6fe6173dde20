import mysql from 'mysql2/promise';
import type { SqlContractFixtures } from '../../sql-contract/index.ts';
import connector from '../index.ts';
import { mysqlSchema } from '../schema.ts';
import { mysqlDriver } from './driver.ts';

/** The real MariaDB on this machine (root, no password). If it is down the tests fail; they never skip. */
export const live = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };

export const mysqlSqlFixtures: SqlContractFixtures<mysql.Pool> = {
  operations: connector.operations,
  driver: mysqlDriver,
  // Through the connector itself, so the suite runs on the pool users get; several statements are allowed for raw's case.
  openClient: (max) => connector.createClient(mysqlSchema.parse({ ...live, connectionLimit: max, multipleStatements: true })),
  closeClient: (pool) => connector.closeClient(pool),
  // MariaDB's sequence engine; count is a number, so it is safe in the text.
  series: (count) => ({ text: `SELECT seq AS id, MD5(seq) AS payload FROM seq_1_to_${Math.trunc(count)}`, values: [] }),
  sleep: (seconds) => ({ text: 'SELECT SLEEP(?) AS slept', values: [seconds] }),
};
