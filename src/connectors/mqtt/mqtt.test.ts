import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import mqtt from 'mqtt';
import { startTestMosquitto, type TestMosquitto } from '../../../test/mosquitto-server.ts';
import { runConnectorContract } from '../contract.ts';
import type { MqttClient } from './client.ts';
import mqttConnector from './index.ts';
import { mqttSchema } from './schema.ts';

const base = `ziggy-test/${process.pid}-${randomBytes(3).toString('hex')}`;

// The real mqtt.js against the machine's Mosquitto (127.0.0.1:1883, anonymous) and a second Mosquitto with a client-certificate TLS listener and a password listener.
runConnectorContract(mqttConnector, {
  seedSource: `{ host: '127.0.0.1', port: 1883, username: 'ziggy', password: secrets.MQTT_PASSWORD }`,
  seedExpected: { host: '127.0.0.1', port: 1883, password: 'dummy-MQTT_PASSWORD', clean: true, keepalive: 60, protocolVersion: 4 },
  live: async () => ({ host: '127.0.0.1', port: 1883, test: { topic: `${base}/contract` } }),
  refusedPort: (port) => ({ host: '127.0.0.1', port }),
  unknownHost: { host: 'nonexistent.invalid', port: 1883 },
});

let broker: TestMosquitto;
before(async () => {
  broker = await startTestMosquitto();
});
after(async () => broker.stop());

function check(config: Record<string, unknown>) {
  return mqttConnector.testConnection(mqttSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

const tlsAt = (extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: broker.tlsPort, protocol: 'mqtts', ...extra });

describe('MQTT connection test', () => {
  test('the machine’s Mosquitto tests ok with a round trip on the test topic, and names itself from $SYS', async () => {
    const result = await check({ host: '127.0.0.1', port: 1883, test: { topic: `${base}/check` } });
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(result.steps.map((step) => step.name), ['connect', 'subscribe', 'publish', 'receive', 'read $SYS/broker/version']);
    assert.match(String(result.details?.broker), /^mosquitto version \d+\.\d+/);
    assert.equal(result.details?.protocolVersion, '3.1.1');
  });

  test('MQTT 5 by url, with session expiry: CONNACK’s limits are reported; without a test topic only CONNACK is checked', async () => {
    const result = await check({ url: 'mqtt://127.0.0.1:1883', protocolVersion: 5, clean: false, clientId: `ziggy-v5-${process.pid}`, mqtt5: { sessionExpiryInterval: 0, receiveMaximum: 50 } });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.details?.protocolVersion, '5');
    assert.equal(typeof result.details?.receiveMaximum, 'number');
    assert.deepEqual(result.steps.map((step) => step.name), ['connect', 'read $SYS/broker/version']);
  });

  test('TLS with a client certificate the broker takes as the user name: ok by IP and by localhost, in 3.1.1 and 5', async () => {
    for (const protocolVersion of ['3.1.1', '5']) {
      const byIp = await check(tlsAt({ protocolVersion, tls: { ca: broker.ca, ...broker.client }, test: { topic: `${base}/tls` } }));
      assert.equal(byIp.ok, true, byIp.message);
      const byName = await check({ url: `mqtts://localhost:${broker.tlsPort}`, protocolVersion, tls: { ca: broker.ca, ...broker.client } });
      assert.equal(byName.ok, true, byName.message);
    }
  });

  test('a broker that requires a client certificate, given none, is blamed on tls.cert; one signed by a CA it does not know too', async () => {
    const none = await check(tlsAt({ tls: { ca: broker.ca } }));
    assert.equal(none.code, 'tls_failed', none.message);
    assert.equal(none.field, 'tls.cert');
    assert.match(none.message, /requires a client certificate/);
    const stranger = await check(tlsAt({ tls: { ca: broker.ca, ...broker.strangerClient } }));
    assert.equal(stranger.code, 'tls_failed', stranger.message);
    assert.equal(stranger.field, 'tls.cert');
  });

  test('a broker certificate no trusted CA signed is blamed on tls.ca (the system CAs, or the wrong CA); rejectUnauthorized false lets it through', async () => {
    const system = await check(tlsAt({ tls: { ...broker.client } }));
    assert.equal(system.field, 'tls.ca', system.message);
    const wrong = await check(tlsAt({ tls: { ca: broker.otherCa, ...broker.client } }));
    assert.equal(wrong.field, 'tls.ca', wrong.message);
    assert.equal(wrong.code, 'tls_failed');
    const unchecked = await check(tlsAt({ tls: { ...broker.client, rejectUnauthorized: false } }));
    assert.equal(unchecked.ok, true, unchecked.message);
  });

  test('a name the broker certificate does not hold is blamed on host; a key that is not the certificate’s on tls.key, without showing it', async () => {
    const misnamed = await check(tlsAt({ tls: { ca: broker.ca, ...broker.client, servername: 'broker.example' } }));
    assert.equal(misnamed.field, 'host', misnamed.message);
    const mismatched = await check(tlsAt({ tls: { ca: broker.ca, cert: broker.client.cert, key: broker.strangerClient.key } }));
    assert.equal(mismatched.code, 'config_invalid', mismatched.message);
    assert.equal(mismatched.field, 'tls.key');
    assert.ok(!JSON.stringify(mismatched).includes('PRIVATE KEY'));
  });

  test('a certificate with no identity to use as user name is refused in CONNACK and blamed on tls.cert (3.1.1 rc 4, 5 reason 0x86)', async () => {
    for (const [protocolVersion, code] of [['3.1.1', 'CONNACK 4'], ['5', 'CONNACK 134']] as const) {
      const result = await check(tlsAt({ protocolVersion, tls: { ca: broker.ca, ...broker.clientWithoutIdentity } }));
      assert.equal(result.code, 'auth_failed', result.message);
      assert.equal(result.field, 'tls.cert');
      assert.ok(result.message.includes(code), result.message);
    }
  });

  test('a wrong password (CONNACK 5 / 0x87) is blamed on password without showing it; no credentials on username; the right ones pass', async () => {
    const plain = { host: '127.0.0.1', port: broker.passwordPort };
    for (const protocolVersion of ['3.1.1', '5']) {
      const wrong = await check({ ...plain, protocolVersion, username: broker.user.username, password: 'not-the-Passw0rd-8812' });
      assert.equal(wrong.code, 'auth_failed', wrong.message);
      assert.equal(wrong.field, 'password');
      assert.match(wrong.message, /Not authorized/);
      assert.ok(!JSON.stringify(wrong).includes('not-the-Passw0rd-8812'));
      const missing = await check({ ...plain, protocolVersion });
      assert.equal(missing.field, 'username', missing.message);
      const right = await check({ ...plain, protocolVersion, ...broker.user, test: { topic: `${base}/auth` } });
      assert.equal(right.ok, true, right.message);
    }
  });

  test('the schema refuses TLS options on a plain protocol, MQTT 5 options on 3.1.1, and a url with a port beside it', () => {
    assert.throws(() => mqttSchema.parse({ host: 'b', protocol: 'mqtt', tls: { ca: 'x' } }), /TLS options need a TLS protocol/);
    assert.throws(() => mqttSchema.parse({ host: 'b', mqtt5: { sessionExpiryInterval: 60 } }), /need protocolVersion 5/);
    assert.throws(() => mqttSchema.parse({ url: 'mqtt://b', port: 1884 }), /leave protocol, port and path out/);
    assert.equal(mqttSchema.parse({ host: 'b', tls: true }).tls, true);
  });
});

describe('MQTT operations on the machine’s Mosquitto', () => {
  let client: MqttClient;
  let subscriber: MqttClient;
  const context = { signal: new AbortController().signal, log: () => undefined };
  before(async () => {
    client = await mqttConnector.createClient(mqttSchema.parse({ host: '127.0.0.1', port: 1883 }));
    subscriber = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { reconnectPeriod: 0 });
  });
  after(async () => {
    await mqttConnector.closeClient(client);
    await subscriber.endAsync();
  });

  const run = (name: string, params: unknown) => {
    const operation = mqttConnector.operations[name];
    assert.ok(operation !== undefined, name);
    return operation.run(client, operation.input.parse(params), context);
  };

  test('publish with QoS 1: 1,000 rows, topics filled from each row, every one acknowledged and received by a subscriber', async () => {
    const received = new Map<string, string>();
    subscriber.on('message', (topic, payload) => void received.set(topic, payload.toString()));
    await subscriber.subscribeAsync(`${base}/meters/#`, { qos: 1 });
    const rows = Array.from({ length: 1000 }, (_, index) => ({ site: `s${index % 7}`, meter: { id: index }, kwh: index / 2 }));
    const result = (await run('publish', { topic: `${base}/meters/$$site/$$meter.id`, messages: rows, qos: 1, batchSize: 128 })) as { published: number; acknowledged: number; topics: string[] };
    assert.equal(result.published, 1000);
    assert.equal(result.acknowledged, 1000);
    assert.equal(result.topics.length, 1000);
    for (let attempt = 0; attempt < 100 && received.size < 1000; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(received.size, 1000);
    assert.equal(received.get(`${base}/meters/s3/10`), JSON.stringify(rows[10]));
    await subscriber.unsubscribeAsync(`${base}/meters/#`);
  });

  test('publish QoS 2 of a payload field as text; a missing token field, a wildcard and an object as text are refused', async () => {
    const result = (await run('publish', { topic: `${base}/text`, messages: [{ note: 'hello' }, { note: 42 }], payloadField: 'note', format: 'text', qos: 2 })) as { acknowledged: number };
    assert.equal(result.acknowledged, 2);
    await assert.rejects(run('publish', { topic: `${base}/$$site`, messages: [{ site: 'a' }, { other: 1 }] }), /message 2 has no value for \$\$site/);
    await assert.rejects(run('publish', { topic: `${base}/+`, messages: [1] }), /holds \+ or #/);
    await assert.rejects(run('publish', { topic: `${base}/$$site`, messages: [{ site: 'a/#' }] }), /holds \+ or #/);
    await assert.rejects(run('publish', { topic: `${base}/t`, messages: [{ a: 1 }], format: 'text' }), /is not text/);
  });

  test('subscribe collects retained messages up to maxMessages; with nothing to read it stops at timeoutMs', async () => {
    for (const n of [1, 2, 3]) await subscriber.publishAsync(`${base}/retained/${n}`, JSON.stringify({ n }), { qos: 1, retain: true });
    try {
      const three = (await run('subscribe', { topics: `${base}/retained/+`, maxMessages: 3, timeoutMs: 5000 })) as { messages: Array<{ payload: unknown; retain: boolean }>; timedOut: boolean };
      assert.equal(three.timedOut, false);
      assert.deepEqual(three.messages.map((message) => message.payload).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [{ n: 1 }, { n: 2 }, { n: 3 }]);
      assert.ok(three.messages.every((message) => message.retain));
      const started = performance.now();
      const none = (await run('subscribe', { topics: [`${base}/nothing/#`], timeoutMs: 200 })) as { count: number; timedOut: boolean };
      assert.deepEqual(none, { messages: [], count: 0, timedOut: true });
      assert.ok(performance.now() - started < 2000);
    } finally {
      for (const n of [1, 2, 3]) await subscriber.publishAsync(`${base}/retained/${n}`, '', { qos: 1, retain: true });
    }
  });

  test('a client whose socket dropped is no longer alive, so the cache replaces it; a closed one neither', async () => {
    const other = await mqttConnector.createClient(mqttSchema.parse({ host: '127.0.0.1', port: 1883, reconnectPeriod: 60_000 }));
    assert.equal(mqttConnector.isClientAlive?.(other), true);
    other.stream.destroy();
    for (let attempt = 0; attempt < 50 && other.connected; attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(mqttConnector.isClientAlive?.(other), false);
    await mqttConnector.closeClient(other);
    assert.equal(mqttConnector.isClientAlive?.(other), false);
  });
});
