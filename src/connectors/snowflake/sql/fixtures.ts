import type { SqlContractFixtures } from '../../sql-contract/index.ts';
import type { SnowflakePool } from '../client.ts';
import connector from '../index.ts';
import { snowflakeSchema } from '../schema.ts';
import { snowflakeDriver } from './driver.ts';

export function snowflakeSqlFixtures(config: Record<string, unknown>): SqlContractFixtures<SnowflakePool> {
  return {
    operations: connector.operations,
    driver: snowflakeDriver,
    // Through the connector itself, so the suite runs on the pool users get.
    openClient: (max) => connector.createClient(snowflakeSchema.parse({ ...config, poolMax: max })),
    closeClient: (pool) => connector.closeClient(pool),
    // GENERATOR's ROWCOUNT must be a constant, so the count goes in the text (a number, so safe there);
    // "id" quoted so the column keeps its lower-case name.
    series: (count) => ({
      text: `SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS "id" FROM TABLE(GENERATOR(ROWCOUNT => ${Math.trunc(count)})) ORDER BY "id"`,
      values: [],
    }),
    sleep: (seconds) => ({ text: `SELECT SYSTEM$WAIT(?, 'SECONDS') AS "slept"`, values: [seconds] }),
  };
}
