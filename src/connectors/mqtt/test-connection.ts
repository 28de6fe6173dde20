import mqtt, { type IConnackPacket, type MqttClient } from 'mqtt';
import {
  classifyNetworkError,
  classifyTlsError,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
  type TestSuccess,
} from '../../core/index.ts';
import { classifyMqttFailure, roundTrip, withTestClient } from '../../core/mqtt/index.ts';
import { clientOptions } from './client.ts';
import { endpointOf, isVersion5, mqttSchema, type MqttConfig } from './schema.ts';

const concealed = ['password', 'url', 'tls.key'];

/** How long the test waits for the broker's retained `$SYS` version. */
const sysWaitMs = 500;

/** Connects once without retrying; with `test.topic`, subscribes, publishes one message and waits for it; then reads the broker's `$SYS` version. */
export function testMqtt(config: MqttConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = mqttSchema.parse(config);
      const { url, options } = clientOptions(valid, false);
      return withTestClient<IConnackPacket, MqttClient, TestSuccess>(step, signal, () => mqtt.connect(url, options), async (connected, answer) => {
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

/** Who the broker would have let in: the certificate when it is the only credential, else the password, else nobody was named. */
function authBlame(config: unknown): { field: string; hint: string } {
  const passwordGiven = valuesAt(config, ['password']).length > 0;
  if (valuesAt(config, ['tls.cert']).length > 0 && !passwordGiven) {
    return { field: 'tls.cert', hint: 'The broker takes its identity from the client certificate: use a certificate (with the CN or identity it expects) that this broker allows.' };
  }
  if (passwordGiven) return { field: 'password', hint: 'Check the user name and its password.' };
  return { field: 'username', hint: 'The broker does not let anonymous clients in: add username and password (a secret reference), or a client certificate.' };
}

export function classifyMqttError(error: unknown, config: unknown): TestFailure {
  const where = valuesAt(config, ['url']).length > 0 ? { host: 'url', port: 'url' } : { host: 'host', port: 'port' };
  const fields = {
    ...where,
    clientId: 'clientId',
    protocolVersion: 'protocolVersion',
    auth: authBlame(config),
    closed: { field: where.port, hint: 'Check that this port speaks MQTT with this protocol (a TLS port needs mqtts), and that the broker lets this client id in.' },
  };
  return (
    classifyMqttFailure(error, fields) ??
    classifyTlsError(error, { ca: 'tls.ca', cert: 'tls.cert', key: 'tls.key', host: where.host }, { cert: valuesAt(config, ['tls.cert']).length > 0 }) ??
    classifyNetworkError(error, { ...where, tls: 'tls' }, endpointTarget(config)) ??
    unexpectedFailure(error)
  );
}

function endpointTarget(config: unknown): { host?: string; port?: number } {
  const parsed = mqttSchema.safeParse(config);
  return parsed.success ? endpointOf(parsed.data) : {};
}
