import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, describe, test } from 'node:test';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import { startFakeSalesforce, type FakeSalesforce } from './fakes/salesforce.ts';

// A JavaScript Block in the restricted runner process, with the real jsforce against the Salesforce fake.
const user = { username: 'blocks@agentforce.com', password: 'Block-Pass-1', token: 'bl0ckToken' };
let fake: FakeSalesforce | undefined;
async function server(): Promise<FakeSalesforce> {
  fake ??= await startFakeSalesforce([user]);
  return fake;
}
after(async () => fake?.stop());
const loginOf = (entry: typeof user) => ({ ...entry });

describe('a JavaScript Block gets connections.crm as the logged-in jsforce Connection', () => {
  test('in the restricted runner, a block queries and inserts with the jsforce API', async () => {
    const fakeServer = await server();
    const logsDir = await tempLogsDir();
    const resolution = testResolvers({ crm: { type: 'salesforce', dev: { ...loginOf(user), loginUrl: fakeServer.url } } });
    const pool = createRunnerPool({ size: 1, logsDir, ...resolution.resolvers });
    try {
      const code = `async function () {
        const crm = connections.crm;
        const saved = await crm.sobject('Contact').create({ Name: 'Ada Lovelace' });
        const found = await crm.query("SELECT Id, Name FROM Contact");
        return { saved: saved.success, names: found.records.map((record) => record.Name), instance: crm.instanceUrl };
      }`;
      const result = await pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: 'exec-salesforce' });
      assert.equal(result.status, 'ok', JSON.stringify(result.error));
      assert.deepEqual(result.result, { saved: true, names: ['Ada Lovelace'], instance: fakeServer.url });
    } finally {
      await pool.close();
      await rm(logsDir, { recursive: true, force: true });
    }
  });
});
