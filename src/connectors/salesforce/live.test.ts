import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import salesforce from './index.ts';
import { salesforceSchema } from './schema.ts';

/** A real org's config from ZIGGY_LIVE_SALESFORCE (a config object as JSON, e.g. a Developer Edition user with its token), or why there is none. */
function liveConfig(): { config: Record<string, unknown> } | { skip: string } {
  const text = process.env.ZIGGY_LIVE_SALESFORCE;
  if (text === undefined || text.trim() === '') {
    return { skip: 'ZIGGY_LIVE_SALESFORCE is not set: no Salesforce org to run against (see docs/connectors/salesforce.md#verification)' };
  }
  return { config: JSON.parse(text) };
}

const live = liveConfig();
if ('skip' in live) {
  test('SalesForce live suite', { skip: live.skip }, () => undefined);
} else {
  describe('SalesForce live suite', () => {
    const config = salesforceSchema.parse(live.config);
    const context = { signal: new AbortController().signal, log: () => undefined };

    test('the config tests ok; a wrong password is blamed on password', async () => {
      const ok = await salesforce.testConnection(config, { signal: context.signal, timeoutMs: 30_000 });
      assert.equal(ok.ok, true, ok.message);
      const wrong = await salesforce.testConnection({ ...config, password: `${config.password ?? ''}-wrong` }, { signal: context.signal, timeoutMs: 30_000 });
      assert.equal(wrong.field, 'password');
    });

    test('query pages through Users and describe reads Account', async () => {
      const connection = await salesforce.createClient(config);
      try {
        const users = (await salesforce.operations.query?.run(connection, { soql: 'SELECT Id FROM User', maxRecords: 5, batches: false, includeDeleted: false }, context)) as { records: unknown[] };
        assert.ok(users.records.length > 0);
        const described = (await salesforce.operations.describe?.run(connection, { object: 'Account' }, context)) as { fields: Array<{ name: string }> };
        assert.ok(described.fields.some((field) => field.name === 'Name'));
      } finally {
        await salesforce.closeClient(connection);
      }
    });
  });
}
