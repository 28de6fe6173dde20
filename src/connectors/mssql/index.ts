import type mssql from 'mssql';
import { defineConnector } from '../../core/index.ts';
import { sqlOperations } from '../../core/sql/index.ts';
import { closePool, createPool } from './client.ts';
import { mssqlSchema } from './schema.ts';
import { mssqlDriver } from './sql/driver.ts';
import { secretFields, testMssql } from './test-connection.ts';

const example = `{
    server: 'db.internal',
    port: 1433,
    user: 'etl',
    password: secrets.MSSQL_PASSWORD,
    database: 'northwind',
    options: { encrypt: true, trustServerCertificate: false }
}`;

export default defineConnector<typeof mssqlSchema, mssql.ConnectionPool>({
  id: 'mssql',
  label: 'SQL Server',
  module: 'mssql',
  description: 'Microsoft SQL Server or Azure SQL database; hands out a connected mssql ConnectionPool (tedious).',
  lifecycle: 'pool',
  schema: mssqlSchema,
  example,
  secretFields,
  createClient: createPool,
  closeClient: closePool,
  testConnection: testMssql,
  operations: sqlOperations(mssqlDriver),
});
