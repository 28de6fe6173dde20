import type pg from 'pg';
import { defineConnector } from '../../core/index.ts';
import { closePool, createPool } from './client.ts';
import { sqlOperations } from '../../core/sql/index.ts';
import { postgresSchema } from './schema.ts';
import { postgresDriver } from './sql/driver.ts';
import { testPostgres } from './test-connection.ts';

const example = `{
    host: 'connectionUrl',
    user: 'username',
    password: secrets.POSTGRES_PASSWORD,
    database: 'my_database',
    port: 5432
}`;

export default defineConnector<typeof postgresSchema, pg.Pool>({
  id: 'postgres',
  label: 'Postgres',
  module: 'pg',
  description: 'PostgreSQL database; hands out a pg.Pool.',
  lifecycle: 'pool',
  schema: postgresSchema,
  example,
  secretFields: ['password', 'ssl.key'],
  createClient: createPool,
  closeClient: closePool,
  testConnection: testPostgres,
  operations: sqlOperations(postgresDriver),
});
