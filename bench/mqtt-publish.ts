/**
 * MQTT publish through the MQTT Publish block's operation next to the raw mqtt.js client, in the
 * same run, against the machine's Mosquitto: 100,000 QoS 0 and 10,000 QoS 1 messages, each side
 * serialising the same rows to JSON and filling the same topic. Run: node bench/mqtt-publish.ts
 */
import mqtt, { type MqttClient } from 'mqtt';
import mqttConnector from '../src/connectors/mqtt/index.ts';
import { mqttSchema } from '../src/connectors/mqtt/schema.ts';

const topic = `ziggy-bench/${process.pid}`;
const rowsOf = (count: number) => Array.from({ length: count }, (_, n) => ({ site: `s${n % 10}`, n, kwh: n / 3 }));

async function raw(client: MqttClient, rows: ReturnType<typeof rowsOf>, qos: 0 | 1): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    let left = rows.length;
    for (const row of rows) {
      client.publish(`${topic}/${row.site}`, JSON.stringify(row), { qos }, (error) => {
        if (error) reject(error);
        else if (--left === 0) resolve();
      });
    }
  });
  return performance.now() - started;
}

async function block(client: MqttClient, rows: ReturnType<typeof rowsOf>, qos: 0 | 1): Promise<number> {
  const operation = mqttConnector.operations.publish;
  if (operation === undefined) throw new Error('no publish operation');
  const started = performance.now();
  await operation.run(client, operation.input.parse({ topic: `${topic}/$$site`, messages: rows, qos }), { signal: new AbortController().signal, log: () => undefined });
  return performance.now() - started;
}

export async function runMqttPublishBench(): Promise<Array<{ qos: 0 | 1; count: number; rawPerSecond: number; blockPerSecond: number }>> {
  const client = await mqttConnector.createClient(mqttSchema.parse({ host: '127.0.0.1', port: 1883 }));
  const results = [];
  try {
    for (const [qos, count] of [[0, 100_000], [1, 10_000]] as const) {
      const rows = rowsOf(count);
      await raw(client, rows.slice(0, count / 10), qos);
      await block(client, rows.slice(0, count / 10), qos);
      // Alternate three rounds each so drift on the machine falls on both sides; keep the best of each.
      const rawMs: number[] = [];
      const blockMs: number[] = [];
      for (let round = 0; round < 3; round++) {
        rawMs.push(await raw(client, rows, qos));
        blockMs.push(await block(client, rows, qos));
      }
      results.push({ qos, count, rawPerSecond: Math.round(count / (Math.min(...rawMs) / 1000)), blockPerSecond: Math.round(count / (Math.min(...blockMs) / 1000)) });
    }
  } finally {
    await mqttConnector.closeClient(client);
  }
  return results;
}

export function formatMqttPublishBench(results: Awaited<ReturnType<typeof runMqttPublishBench>>): string {
  const lines = ['| messages | raw mqtt.js msg/s | MQTT Publish block msg/s | block / raw |', '| --- | ---: | ---: | ---: |'];
  for (const r of results) lines.push(`| ${r.count.toLocaleString('en-US')} QoS ${r.qos} | ${r.rawPerSecond.toLocaleString('en-US')} | ${r.blockPerSecond.toLocaleString('en-US')} | ${Math.round((100 * r.blockPerSecond) / r.rawPerSecond)} % |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatMqttPublishBench(await runMqttPublishBench()));
