import type mssql from 'mssql';
import type { SqlContractFixtures } from '../../sql-contract/index.ts';
import connector from '../index.ts';
import { mssqlSchema } from '../schema.ts';
import { mssqlDriver } from './driver.ts';

/** The live server's config from ZIGGY_LIVE_MSSQL (a config object as JSON), or why there is none. */
export function liveConfig(): { config: Record<string, unknown> } | { skip: string } {
  const text = process.env.ZIGGY_LIVE_MSSQL;
  if (text === undefined || text.trim() === '') {
    return { skip: 'ZIGGY_LIVE_MSSQL is not set: no SQL Server to run against (see docs/connectors/mssql.md#verification)' };
  }
  return { config: JSON.parse(text) };
}

export function mssqlSqlFixtures(config: Record<string, unknown>): SqlContractFixtures<mssql.ConnectionPool> {
  return {
    operations: connector.operations,
    driver: mssqlDriver,
    // Through the connector itself, so the suite runs on the pool users get.
    openClient: (max) => connector.createClient(mssqlSchema.parse({ ...config, pool: { max } })),
    closeClient: (pool) => connector.closeClient(pool),
    // ROW_NUMBER over a cross join of catalog views: 1 … count on any version (GENERATE_SERIES needs 2022).
    series: (count) => ({
      text: 'SELECT TOP (@p1) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS id FROM sys.all_objects a CROSS JOIN sys.all_objects b CROSS JOIN sys.all_objects c ORDER BY id',
      values: [Math.trunc(count)],
    }),
    sleep: (seconds) => ({ text: 'DECLARE @delay datetime = DATEADD(second, @p1, 0); WAITFOR DELAY @delay; SELECT @p1 AS slept', values: [seconds] }),
  };
}
