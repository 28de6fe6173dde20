import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import tls from 'node:tls';
import { after, describe, test } from 'node:test';
import mqtt from 'mqtt';
import { startTestMosquitto } from '../../../test/mosquitto-server.ts';
import { runConnectorContract } from '../contract.ts';
import { awsIotAlpn } from './client.ts';
import awsIot from './index.ts';
import { awsIotSchema, regionOf } from './schema.ts';

// AWS IoT Core itself is not reachable here: a second Mosquitto acts as the endpoint, with TLS that
// requires a client certificate and takes its CN as the identity, as AWS IoT does. live.test.ts runs against AWS.
const broker = await startTestMosquitto();
after(async () => broker.stop());
const base = `ziggy-iot/${process.pid}-${randomBytes(3).toString('hex')}`;
const device = (extra: Record<string, unknown> = {}) => ({ endpoint: '127.0.0.1', port: broker.tlsPort, clientId: `gateway-${randomBytes(3).toString('hex')}`, ca: broker.ca, ...broker.client, ...extra });

runConnectorContract(awsIot, {
  seedSource: `{ endpoint: 'a1b2c3-ats.iot.eu-west-1.amazonaws.com', clientId: 'gateway', cert: secrets.IOT_CERT, key: secrets.IOT_KEY }`,
  seedExpected: { port: 8883, clientId: 'gateway', key: 'dummy-IOT_KEY', keepalive: 60 },
  live: async () => device({ test: { topic: `${base}/contract` } }),
  refusedPort: (port) => device({ port }),
  unknownHost: device({ endpoint: 'nonexistent.invalid' }),
  serverFields: { host: 'endpoint', port: 'port' },
});

function check(config: Record<string, unknown>) {
  return awsIot.testConnection(awsIotSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

describe('AWS IoT connection test against a Mosquitto acting as the endpoint', () => {
  test('the device certificate gets CONNACK and a round trip on the test topic, in 3.1.1 and 5, by IP and by name', async () => {
    for (const protocolVersion of ['3.1.1', '5']) {
      const result = await check(device({ protocolVersion, test: { topic: `${base}/check` } }));
      assert.equal(result.ok, true, result.message);
      assert.deepEqual(result.steps.map((step) => step.name), ['connect', 'subscribe', 'publish', 'receive']);
      assert.equal(result.details?.protocolVersion, protocolVersion);
      const byName = await check(device({ endpoint: 'localhost', protocolVersion }));
      assert.equal(byName.ok, true, byName.message);
    }
  });

  test('a certificate the endpoint does not let in is blamed on cert: refused in CONNACK, or signed by a CA it does not know', async () => {
    const refused = await check(device({ ...broker.clientWithoutIdentity }));
    assert.equal(refused.code, 'auth_failed', refused.message);
    assert.equal(refused.field, 'cert');
    const stranger = await check(device({ ...broker.strangerClient }));
    assert.equal(stranger.field, 'cert', stranger.message);
  });

  test('an endpoint certificate no trusted CA signed is blamed on ca; a key that is not the certificate’s on key, without showing it', async () => {
    const wrongCa = await check(device({ ca: broker.otherCa }));
    assert.equal(wrongCa.field, 'ca', wrongCa.message);
    const systemCas = await check(device({ ca: undefined }));
    assert.equal(systemCas.field, 'ca', systemCas.message);
    const mismatched = await check(device({ key: broker.strangerClient.key }));
    assert.equal(mismatched.field, 'key', mismatched.message);
    assert.ok(!JSON.stringify(mismatched).includes('PRIVATE KEY'));
  });

  test('port 443 offers ALPN x-amzn-mqtt-ca (as alpn: true does on any port); an endpoint that then ends the socket without CONNACK is blamed on cert', async () => {
    const offered: Array<string | false | null> = [];
    const server = tls.createServer({ ...broker.server, ALPNProtocols: [awsIotAlpn] }, (socket) => {
      offered.push(socket.alpnProtocol);
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const closed = await check(device({ port, alpn: true }));
      assert.equal(closed.code, 'closed', closed.message);
      assert.equal(closed.field, 'cert');
      assert.match(closed.hint ?? '', /iot:Connect/);
      assert.deepEqual(offered, [awsIotAlpn]);
      assert.deepEqual(awsIot.schema.parse(device({ port: 443 })).port, 443);
    } finally {
      server.close();
    }
  });

  test('the region is read from an AWS endpoint name', () => {
    assert.equal(regionOf('a1b2c3-ats.iot.eu-west-1.amazonaws.com'), 'eu-west-1');
    assert.equal(regionOf('127.0.0.1'), undefined);
    assert.throws(() => awsIotSchema.parse({ ...device(), endpoint: 'mqtts://x.iot.eu-west-1.amazonaws.com' }), /host name only/);
  });
});

test('the MQTT Publish block on an AWS IoT client: QoS 1, every message received by a subscriber on the endpoint', async () => {
  const client = await awsIot.createClient(awsIotSchema.parse(device()));
  const subscriber = await mqtt.connectAsync(`mqtts://127.0.0.1:${broker.tlsPort}`, { reconnectPeriod: 0, ca: broker.ca, ...broker.client });
  try {
    const received: string[] = [];
    subscriber.on('message', (_topic, payload) => void received.push(payload.toString()));
    await subscriber.subscribeAsync(`${base}/telemetry/#`, { qos: 1 });
    const operation = awsIot.operations.publish;
    assert.ok(operation !== undefined);
    const rows = Array.from({ length: 200 }, (_, n) => ({ thing: `t${n % 4}`, n }));
    const result = (await operation.run(client, operation.input.parse({ topic: `${base}/telemetry/$$thing`, messages: rows, qos: 1 }), { signal: new AbortController().signal, log: () => undefined })) as { acknowledged: number };
    assert.equal(result.acknowledged, 200);
    for (let attempt = 0; attempt < 100 && received.length < 200; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(received.length, 200);
  } finally {
    await subscriber.endAsync();
    await awsIot.closeClient(client);
  }
});
