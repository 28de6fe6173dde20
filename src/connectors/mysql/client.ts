import mysql from 'mysql2/promise';
import type { MysqlConfig } from './schema.ts';

/** The options both the pool and the test's single connection get; `ssl: true` means TLS with certificate checks. */
export function connectionOptions(config: MysqlConfig): mysql.ConnectionOptions {
  const { ssl, connectionLimit, idleTimeout, ...rest } = config;
  return {
    ...rest,
    ...(ssl === undefined || ssl === false ? {} : { ssl: ssl === true ? {} : ssl }),
    // Each distinct statement text stays prepared on its connection; a small cache keeps the
    // server's max_prepared_stmt_count (16,382 for all clients) from filling up.
    maxPreparedStatements: 64,
  };
}

export function createPool(config: MysqlConfig): Promise<mysql.Pool> {
  const pool = mysql.createPool({
    ...connectionOptions(config),
    connectionLimit: config.connectionLimit,
    ...(config.idleTimeout === undefined ? {} : { idleTimeout: config.idleTimeout }),
  });
  return Promise.resolve(pool);
}

export function closePool(pool: mysql.Pool): Promise<void> {
  return pool.end();
}
