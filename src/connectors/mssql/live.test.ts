import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSqlContract } from '../sql-contract/index.ts';
import { runStreamMemoryCase } from '../sql-contract/memory.ts';
import connector from './index.ts';
import { mssqlSchema } from './schema.ts';
import { liveConfig, mssqlSqlFixtures } from './sql/fixtures.ts';

// The one place a skip is right: SQL Server cannot run on this machine, so this suite runs only against a server you name.
const live = liveConfig();
if ('skip' in live) {
  test('SQL Server live suite', { skip: live.skip }, () => undefined);
} else {
  describe('SQL Server live suite', () => {
    test('the connection test passes against the live server', async () => {
      const result = await connector.testConnection(mssqlSchema.parse(live.config), { signal: new AbortController().signal, timeoutMs: 20_000 });
      assert.equal(result.ok, true, `${result.code}: ${result.message}`);
      assert.match(String(result.details?.serverVersion), /SQL Server/);
    });
    runSqlContract(mssqlSqlFixtures(live.config));
    describe('streaming memory', () => runStreamMemoryCase(mssqlSqlFixtures(live.config)));
  });
}
