import assert from 'node:assert/strict';
import { test } from 'node:test';
import awsIot from './index.ts';
import { awsIotSchema } from './schema.ts';

// AWS IoT Core is not reachable from this machine: this suite runs against the endpoint a developer
// names in ZIGGY_LIVE_AWS_IOT_CONFIG, a whole config as JSON with PEM texts, e.g.
//   {"endpoint":"…-ats.iot.eu-west-1.amazonaws.com","clientId":"…","cert":"-----BEGIN…","key":"-----BEGIN…","test":{"topic":"…"}}
// (see docs/connectors/aws-iot.md#how-it-is-verified).
const source = process.env.ZIGGY_LIVE_AWS_IOT_CONFIG;
const skip = source === undefined || source === '' ? 'ZIGGY_LIVE_AWS_IOT_CONFIG is not set: no AWS IoT endpoint to test against' : false;

function check(port: number) {
  const config = awsIotSchema.parse({ ...(JSON.parse(source ?? '{}') as Record<string, unknown>), port });
  return awsIot.testConnection(config, { signal: new AbortController().signal, timeoutMs: 30_000 });
}

test('the device certificate connects on port 8883 and makes the round trip on the test topic', { skip }, async () => {
  const result = await check(8883);
  assert.equal(result.ok, true, `${result.code} on ${result.field ?? '-'}: ${result.message}`);
});

test('port 443 with ALPN x-amzn-mqtt-ca connects too', { skip }, async () => {
  const result = await check(443);
  assert.equal(result.ok, true, `${result.code} on ${result.field ?? '-'}: ${result.message}`);
  assert.match(result.message, /ALPN x-amzn-mqtt-ca/);
});
