import { test } from 'node:test';
import assert from 'node:assert/strict';
import upsales from './index.ts';
import { list } from './operations/index.ts';
import { upsalesSchema } from './schema.ts';

// A real Upsales account cannot be reached without a key: this suite runs only when
// ZIGGY_LIVE_UPSALES_API_KEY is set (see docs/connectors/upsales.md#how-it-is-verified). It only reads.
const apiKey = process.env.ZIGGY_LIVE_UPSALES_API_KEY;
const skip = apiKey === undefined || apiKey === '' ? 'ZIGGY_LIVE_UPSALES_API_KEY is not set: no real Upsales account to test against' : false;

function liveConfig(overrides: Record<string, unknown> = {}) {
  return upsalesSchema.parse({ url: process.env.ZIGGY_LIVE_UPSALES_URL || 'https://power.upsales.com/api/v2/', apiKey, ...overrides });
}

function check(config: ReturnType<typeof liveConfig>) {
  return upsales.testConnection(config, { signal: new AbortController().signal, timeoutMs: 30_000 });
}

test('the key tests ok against the real API as the current user', { skip }, async () => {
  const result = await check(liveConfig());
  assert.equal(result.ok, true, `${result.code} on ${result.field ?? '-'}: ${result.message}`);
  assert.equal(typeof result.details?.userId, 'number');
});

test('a wrong key is blamed on apiKey by the real API', { skip }, async () => {
  const result = await check(liveConfig({ apiKey: 'ziggy-live-wrong-key' }));
  assert.equal(result.field, 'apiKey', result.message);
});

test('list pages companies with limit/offset against the real API', { skip }, async () => {
  const client = await upsales.createClient(liveConfig());
  const output = await list.run(client, list.input.parse({ entity: 'companies', pageSize: 2, maxRecords: 4 }), { signal: new AbortController().signal, log: () => undefined });
  assert.ok(output.records.length <= 4 && output.records.length <= output.total);
});
