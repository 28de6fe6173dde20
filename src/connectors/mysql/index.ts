import type mysql from 'mysql2/promise';
import { defineConnector } from '../../core/index.ts';
import { sqlOperations } from '../../core/sql/index.ts';
import { closePool, createPool } from './client.ts';
import { mysqlSchema } from './schema.ts';
import { mysqlDriver } from './sql/driver.ts';
import { testMysql } from './test-connection.ts';

const example = `{
    host: 'db.internal',
    port: 3306,
    user: 'etl',
    password: secrets.MYSQL_PASSWORD,
    database: 'northwind'
}`;

export default defineConnector<typeof mysqlSchema, mysql.Pool>({
  id: 'mysql',
  label: 'MySQL/MariaDB',
  module: 'mysql2',
  description: 'MySQL or MariaDB database; hands out a mysql2 promise pool.',
  lifecycle: 'pool',
  schema: mysqlSchema,
  example,
  secretFields: ['password', 'ssl.key'],
  createClient: createPool,
  closeClient: closePool,
  testConnection: testMysql,
  operations: sqlOperations(mysqlDriver),
});
