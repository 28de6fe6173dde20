import { test } from 'node:test';
import assert from 'node:assert/strict';
import httpApi from './index.ts';
import { httpApiSchema } from './schema.ts';

// The type has no one real service: this suite runs against the API a developer names in
// ZIGGY_LIVE_HTTP_API_CONFIG, a whole config as JSON, e.g.
//   {"baseUrl":"https://api.github.com/","auth":{"type":"bearer","token":"…"},"test":{"path":"/user"}}
// (see docs/connectors/http-api.md#how-it-is-verified). It only makes the config's test request.
const source = process.env.ZIGGY_LIVE_HTTP_API_CONFIG;
const skip = source === undefined || source === '' ? 'ZIGGY_LIVE_HTTP_API_CONFIG is not set: no real API to test against' : false;

function liveConfig() {
  return httpApiSchema.parse(JSON.parse(source ?? '{}'));
}

function check(config: ReturnType<typeof liveConfig>) {
  return httpApi.testConnection(config, { signal: new AbortController().signal, timeoutMs: 30_000 });
}

const wrongSecret = 'ziggy-live-wrong-secret';

test('the config tests ok against the real API', { skip }, async () => {
  const result = await check(liveConfig());
  assert.equal(result.ok, true, `${result.code} on ${result.field ?? '-'}: ${result.message}`);
});

test("a wrong secret in the config's auth is blamed on an auth field by the real API, and not shown", { skip }, async () => {
  const config = liveConfig();
  const auth = config.auth;
  if (auth === undefined) return;
  const wrong =
    auth.type === 'bearer' ? { ...auth, token: wrongSecret }
    : auth.type === 'basic' ? { ...auth, password: wrongSecret }
    : auth.type === 'apiKey' ? { ...auth, key: wrongSecret }
    : { ...auth, clientSecret: wrongSecret };
  const result = await check({ ...config, auth: wrong });
  assert.equal(result.ok, false);
  assert.match(result.field ?? '', /^auth\./, result.message);
  assert.ok(!JSON.stringify(result).includes(wrongSecret));
});
