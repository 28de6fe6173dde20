import { defineConnector } from '../../core/index.ts';
import { sqlOperations } from '../../core/sql/index.ts';
import { closePool, createPool, type SnowflakePool } from './client.ts';
import { snowflakeSchema } from './schema.ts';
import { snowflakeDriver } from './sql/driver.ts';
import { testSnowflake } from './test-connection.ts';

const example = `{
    account: 'MYORG-MYACCOUNT',
    username: 'ETL_USER',
    password: secrets.SNOWFLAKE_PAT,
    authenticator: 'PROGRAMMATIC_ACCESS_TOKEN',
    warehouse: 'COMPUTE_WH',
    database: 'ANALYTICS',
    schema: 'PUBLIC'
}`;

export default defineConnector<typeof snowflakeSchema, SnowflakePool>({
  id: 'snowflake',
  label: 'Snowflake',
  module: 'snowflake-sdk',
  description: 'Snowflake data warehouse; hands out a snowflake-sdk connection pool.',
  lifecycle: 'pool',
  schema: snowflakeSchema,
  example,
  secretFields: ['password', 'privateKey', 'privateKeyPass'],
  createClient: createPool,
  closeClient: closePool,
  testConnection: (config, context) => testSnowflake(config, context),
  operations: sqlOperations(snowflakeDriver),
});
