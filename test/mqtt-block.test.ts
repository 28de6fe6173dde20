import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { createRunnerPool } from '../src/runtime/runner/runner-pool.ts';
import { tempLogsDir, testResolvers } from '../src/runtime/runner/test-resolvers.ts';
import type { RunnerPool } from '../src/runtime/runner/types.ts';

// JavaScript Blocks in the restricted runner process with the real mqtt.js against the machine's Mosquitto.
let logsDir: string;
let pool: RunnerPool;
let subscriber: MqttClient;
const base = `ziggy-block/${process.pid}-${randomBytes(3).toString('hex')}`;

before(async () => {
  logsDir = await tempLogsDir();
  const resolution = testResolvers({ broker: { type: 'mqtt', dev: { host: '127.0.0.1', port: 1883 } } });
  pool = createRunnerPool({ size: 1, logsDir, ...resolution.resolvers });
  subscriber = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { reconnectPeriod: 0 });
});
after(async () => {
  await subscriber.endAsync();
  await pool.close();
  await rm(logsDir, { recursive: true, force: true });
});

const run = (code: string) => pool.run({ code, inputs: [base], mode: 'dev', author: 'user:test', executionId: `exec-${randomBytes(3).toString('hex')}` });

async function collect(filter: string, count: number, within: () => Promise<void>): Promise<string[]> {
  const received: string[] = [];
  const onMessage = (topic: string, payload: Buffer): void => {
    if (topic.startsWith(filter.replace(/#$/, ''))) received.push(payload.toString());
  };
  subscriber.on('message', onMessage);
  await subscriber.subscribeAsync(filter, { qos: 1 });
  try {
    await within();
    for (let attempt = 0; attempt < 150 && received.length < count; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
    return received;
  } finally {
    subscriber.removeListener('message', onMessage);
    await subscriber.unsubscribeAsync(filter);
  }
}

test('a block publishes 500 messages with QoS 1 on connections.broker, a connected MqttClient; a subscriber receives every one', async () => {
  let outcome: Awaited<ReturnType<typeof run>> | undefined;
  const received = await collect(`${base}/readings/#`, 500, async () => {
    outcome = await run(`async function (base) {
      const client = connections.broker;
      const acks = [];
      for (let n = 0; n < 500; n++) acks.push(client.publishAsync(base + '/readings/' + (n % 5), JSON.stringify({ n }), { qos: 1 }));
      const packets = await Promise.all(acks);
      return { connected: client.connected, acknowledged: packets.filter((packet) => packet && packet.cmd === 'publish').length };
    }`);
  });
  assert.equal(outcome?.status, 'ok', JSON.stringify(outcome?.error));
  assert.deepEqual(outcome?.result, { connected: true, acknowledged: 500 });
  assert.equal(received.length, 500);
  assert.deepEqual(new Set(received.map((text) => (JSON.parse(text) as { n: number }).n)).size, 500);
});

test('a subscription a block makes survives the run: its handler answers messages published afterwards, and the next run gets the same client', async () => {
  const first = await run(`async function (base) {
    const client = connections.broker;
    client.on('message', (topic, payload) => {
      if (topic === base + '/in') client.publish(base + '/out', 'echo ' + payload.toString(), { qos: 1 });
    });
    await client.subscribeAsync(base + '/in', { qos: 1 });
    return client.options.clientId;
  }`);
  assert.equal(first.status, 'ok', JSON.stringify(first.error));
  const echoes = await collect(`${base}/out`, 3, async () => {
    for (const n of [1, 2, 3]) await subscriber.publishAsync(`${base}/in`, `m${n}`, { qos: 1 });
  });
  assert.deepEqual(echoes.sort(), ['echo m1', 'echo m2', 'echo m3']);
  const second = await run(`async function () { return connections.broker.options.clientId; }`);
  assert.equal(second.status, 'ok', JSON.stringify(second.error));
  assert.equal(second.result, first.result);
});

test('a client whose socket dropped is replaced: the next run gets a new, connected one', async () => {
  const dropped = await run(`async function () {
    const client = connections.broker;
    client.stream.destroy();
    while (client.connected) await new Promise((resolve) => setTimeout(resolve, 10));
    return client.options.clientId;
  }`);
  assert.equal(dropped.status, 'ok', JSON.stringify(dropped.error));
  const next = await run(`async function () { return { id: connections.broker.options.clientId, connected: connections.broker.connected }; }`);
  assert.equal(next.status, 'ok', JSON.stringify(next.error));
  const { id, connected } = next.result as { id: string; connected: boolean };
  assert.notEqual(id, dropped.result);
  assert.equal(connected, true);
});
