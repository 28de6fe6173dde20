import type pg from 'pg';
import { defineConnector } from '../../core/index.ts';
import { closePool, createPool } from './client.ts';
import { deleteRows, insert, raw, select, update, upsert } from './operations/index.ts';
import { postgresSchema } from './schema.ts';
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
  operations: { select, insert, upsert, update, delete: deleteRows, raw },
});
