import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSqlContract } from '../sql-contract/index.ts';
import connector from './index.ts';
import { execute } from './client.ts';
import { snowflakeSchema } from './schema.ts';
import { snowflakeSqlFixtures } from './sql/fixtures.ts';

// A real Snowflake account cannot run on this machine: this suite runs only when
// ZIGGY_LIVE_SNOWFLAKE holds a config object as JSON (see docs/connectors/snowflake.md).
const given = process.env.ZIGGY_LIVE_SNOWFLAKE;
const skip = given === undefined || given === '' ? 'ZIGGY_LIVE_SNOWFLAKE is not set: no real Snowflake account to test against' : false;

function liveConfig() {
  return snowflakeSchema.parse(JSON.parse(given ?? '{}'));
}

test('the connection test checklist passes against the real account', { skip }, async () => {
  const result = await connector.testConnection(liveConfig(), { signal: new AbortController().signal, timeoutMs: 60_000 });
  assert.equal(result.ok, true, `${result.code} on ${result.field ?? '-'}: ${result.message} ${JSON.stringify(result.steps)}`);
  assert.ok(result.steps.every((step) => step.ok));
});

test('a query through the pool returns rows from the real account', { skip }, async () => {
  const pool = await connector.createClient(liveConfig());
  try {
    const rows = await pool.use((connection) => execute(connection, 'SELECT 1 AS ONE'));
    assert.deepEqual(rows, [{ ONE: 1 }]);
  } finally {
    await connector.closeClient(pool);
  }
});

// The shared SQL Block contract (select, streaming, aborts, raw, writes, edge) against the real account.
if (skip === false) {
  describe('Snowflake SQL contract', () => runSqlContract(snowflakeSqlFixtures(JSON.parse(given ?? '{}'))));
} else {
  test('Snowflake SQL contract', { skip }, () => undefined);
}
