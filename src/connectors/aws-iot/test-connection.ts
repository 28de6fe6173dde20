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
import { awsIotAlpn, clientOptions } from './client.ts';
import { awsIotSchema, regionOf, type AwsIotConfig } from './schema.ts';

const policyHint = 'AWS IoT ends the connection when the certificate is not ACTIVE in the account, or its policy does not allow iot:Connect for this clientId: check both.';

/** Connects once without retrying (TLS with the device certificate, then CONNACK); with `test.topic`, a publish and subscribe round trip. No `$SYS`: AWS IoT has none. */
export function testAwsIot(config: AwsIotConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = awsIotSchema.parse(config);
      const { url, options } = clientOptions(valid, false);
      return withTestClient<IConnackPacket, MqttClient, TestSuccess>(step, signal, () => mqtt.connect(url, options), async (connected, answer) => {
        if (valid.test !== undefined) await roundTrip(connected, valid.test.topic, step);
        const version = valid.protocolVersion === 5 || valid.protocolVersion === '5' ? '5' : '3.1.1';
        const region = regionOf(valid.endpoint);
        const alpn = options.ALPNProtocols === undefined ? '' : ` (ALPN ${awsIotAlpn})`;
        return {
          message: `Connected to ${region === undefined ? 'the endpoint' : `AWS IoT Core in ${region}`} at ${valid.endpoint}:${valid.port}${alpn} as ${valid.clientId} with MQTT ${version}${valid.test === undefined ? '' : `; a message on ${valid.test.topic} came back`}.`,
          details: { protocolVersion: version, clientId: valid.clientId, sessionPresent: answer.sessionPresent, ...(region === undefined ? {} : { region }) },
        };
      });
    },
    (error) => classifyAwsIotError(error),
    { conceal: valuesAt(config, ['key']), timeoutField: 'endpoint' },
  );
}

export function classifyAwsIotError(error: unknown): TestFailure {
  const fields = { host: 'endpoint', port: 'port', clientId: 'clientId', protocolVersion: 'protocolVersion', auth: { field: 'cert', hint: policyHint }, closed: { field: 'cert', hint: policyHint } };
  return (
    classifyMqttFailure(error, fields) ??
    classifyTlsError(error, { ca: 'ca', cert: 'cert', key: 'key', host: 'endpoint' }, { cert: true }) ??
    classifyNetworkError(error, { host: 'endpoint', port: 'port', tls: 'ca' }) ??
    unexpectedFailure(error)
  );
}
