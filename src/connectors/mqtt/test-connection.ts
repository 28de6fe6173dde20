import { randomBytes } from 'node:crypto';
import mqtt, { type IConnackPacket, type MqttClient } from 'mqtt';
import {
  classifyNetworkError,
  classifyTlsError,
  closingClient,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type StepRunner,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { ClosedBeforeConnack, clientOptions, connack } from './client.ts';
import { endpointOf, isVersion5, mqttSchema, type MqttConfig } from './schema.ts';

const concealed = ['password', 'url', 'tls.key'];

/** How long the test waits for its own message to come back, and for the broker's `$SYS` version. */
const receiveWaitMs = 5000;
const sysWaitMs = 500;

class SubscribeRefused extends Error {}
class MessageNotReceived extends Error {}

/** Connects once without retrying; with `test.topic`, subscribes, publishes one message and waits for it; then reads the broker's `$SYS` version. */
export function testMqtt(config: MqttConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = mqttSchema.parse(config);
      const { url, options } = clientOptions(valid, false);
      let client: MqttClient | undefined;
      return closingClient(signal, async () => client?.endAsync(true), async () => {
        const answer = await step('connect', async () => {
          client = mqtt.connect(url, options);
          client.on('error', () => undefined);
          return connack(client);
        });
        const connected = client as unknown as MqttClient;
        if (valid.test !== undefined) await roundTrip(connected, valid.test.topic, step);
        const broker = await step('read $SYS/broker/version', () => sysVersion(connected));
        const { host, port, protocol } = endpointOf(valid);
        const version = isVersion5(valid.protocolVersion) ? '5' : '3.1.1';
        return {
          message: `Connected to ${broker ?? 'the MQTT broker'} at ${protocol}://${host}:${port} with MQTT ${version}${valid.test === undefined ? '' : `; a message on ${valid.test.topic} came back`}.`,
          details: { protocolVersion: version, broker: broker ?? 'unknown', sessionPresent: answer.sessionPresent, ...serverLimits(answer) },
        };
      });
    },
    (error) => classifyMqttError(error, config),
    { conceal: valuesAt(config, concealed), timeoutField: valuesAt(config, ['url']).length > 0 ? 'url' : 'host' },
  );
}

async function roundTrip(client: MqttClient, topic: string, step: StepRunner): Promise<void> {
  const payload = `ziggy connection test ${randomBytes(6).toString('hex')}`;
  const received = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new MessageNotReceived()), receiveWaitMs);
    client.on('message', (from, message) => {
      if (from === topic && message.toString() === payload) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  received.catch(() => undefined);
  await step('subscribe', async () => {
    const granted = await client.subscribeAsync(topic, { qos: 1 });
    if (granted.some((grant) => grant.qos >= 128)) throw new SubscribeRefused();
  });
  await step('publish', () => client.publishAsync(topic, payload, { qos: 1 }));
  await step('receive', () => received);
  await client.unsubscribeAsync(topic);
}

/** Mosquitto, EMQX, VerneMQ and others publish their name and version retained on `$SYS/broker/version`; a broker that does not is fine. */
async function sysVersion(client: MqttClient): Promise<string | undefined> {
  const topic = '$SYS/broker/version';
  let found: (value: string | undefined) => void = () => undefined;
  const arrived = new Promise<string | undefined>((resolve) => {
    found = resolve;
    setTimeout(() => resolve(undefined), sysWaitMs);
  });
  client.on('message', (from, message) => {
    if (from === topic) found(message.toString().slice(0, 200));
  });
  await client.subscribeAsync(topic, { qos: 0 }).catch(() => undefined);
  return arrived;
}

/** What an MQTT 5 broker says about itself in CONNACK, when it says it. */
function serverLimits(answer: IConnackPacket): Record<string, number | boolean | string> {
  const properties = answer.properties ?? {};
  const limits: Record<string, number | boolean | string> = {};
  for (const key of ['maximumQoS', 'retainAvailable', 'maximumPacketSize', 'receiveMaximum', 'topicAliasMaximum', 'serverKeepAlive', 'assignedClientIdentifier'] as const) {
    const value = properties[key];
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') limits[key] = value;
  }
  return limits;
}

/** CONNACK return codes (3.1.1) and reason codes (5) that come from the client's own identity or credentials. */
const authCodes = new Set([4, 5, 0x86, 0x87]);
const unavailableCodes = new Set([3, 0x88, 0x89, 0x8b, 0x9c, 0x9d, 0x9f]);

export function classifyMqttError(error: unknown, config: unknown): TestFailure {
  const byUrl = valuesAt(config, ['url']).length > 0;
  const where = byUrl ? { host: 'url', port: 'url' } : { host: 'host', port: 'port' };
  const certGiven = valuesAt(config, ['tls.cert']).length > 0;
  if (error instanceof SubscribeRefused) {
    return { code: 'access_denied', message: 'The broker refused the subscription to the test topic.', field: 'test.topic', hint: 'Give this user the right to subscribe to test.topic, or name a topic it may use.' };
  }
  if (error instanceof MessageNotReceived) {
    return {
      code: 'not_received',
      message: `The test message published on the test topic did not come back within ${receiveWaitMs} ms.`,
      field: 'test.topic',
      hint: 'Brokers drop publishes the user may not make (ACLs) without a word in MQTT 3.1.1: check the user may publish to test.topic.',
    };
  }
  if (error instanceof ClosedBeforeConnack) {
    return { code: 'closed', message: error.message, field: where.port, hint: 'Check that this port speaks MQTT with this protocol (a TLS port needs mqtts), and that the broker lets this client id in.' };
  }
  const reason = typeof (error as { code?: unknown })?.code === 'number' ? (error as { code: number }).code : undefined;
  if (reason !== undefined) return connackFailure(reason, error instanceof Error ? error.message : '', config, certGiven);
  if (error instanceof Error && error.message === 'connack timeout') {
    return { code: 'timeout', message: 'The broker accepted the connection but did not answer CONNECT in time.', field: where.host, hint: 'Is this an MQTT port? A TLS port needs protocol mqtts.' };
  }
  return (
    classifyTlsError(error, { ca: 'tls.ca', cert: 'tls.cert', key: 'tls.key', host: where.host }, { cert: certGiven }) ??
    classifyNetworkError(error, { ...where, tls: 'tls' }, endpointTarget(config)) ??
    unexpectedFailure(error)
  );
}

function connackFailure(reason: number, text: string, config: unknown, certGiven: boolean): TestFailure {
  const refused = `The broker refused the connection: ${text.replace(/^Connection refused: /, '') || `reason ${reason}`} (CONNACK ${reason}).`;
  if (authCodes.has(reason)) {
    const passwordGiven = valuesAt(config, ['password']).length > 0;
    if (certGiven && !passwordGiven) {
      return { code: 'auth_failed', message: refused, field: 'tls.cert', hint: 'The broker takes its identity from the client certificate: use a certificate (with the CN or identity it expects) that this broker allows.' };
    }
    if (passwordGiven) return { code: 'auth_failed', message: refused, field: 'password', hint: 'Check the user name and its password.' };
    return { code: 'auth_failed', message: refused, field: 'username', hint: 'The broker does not let anonymous clients in: add username and password (a secret reference), or a client certificate.' };
  }
  if (reason === 1 || reason === 0x84) return { code: 'protocol_unsupported', message: refused, field: 'protocolVersion', hint: "Try protocolVersion '3.1.1' (4): not every broker speaks MQTT 5." };
  if (reason === 2 || reason === 0x85 || reason === 0x8a) return { code: 'client_id_rejected', message: refused, field: 'clientId', hint: 'Use a client id the broker accepts (some allow only 23 letters and digits, or a fixed set of ids).' };
  if (unavailableCodes.has(reason)) return { code: 'unavailable', message: refused, field: valuesAt(config, ['url']).length > 0 ? 'url' : 'host', hint: 'The broker is busy, shutting down or points elsewhere: try again later or another broker.' };
  return { code: 'failed', message: refused };
}

function endpointTarget(config: unknown): { host?: string; port?: number } {
  const parsed = mqttSchema.safeParse(config);
  return parsed.success ? endpointOf(parsed.data) : {};
}
