import type { TestFailure } from '../connection-test.ts';
import { ClosedBeforeConnack, reasonCodeOf } from './client.ts';
import { ClosedDuringRoundTrip, MessageNotReceived, receiveWaitMs, SubscribeRefused } from './round-trip.ts';

/** The config fields an MQTT type's failures are blamed on, and how its broker lets clients in. */
export interface MqttFailureFields {
  host: string;
  port: string;
  clientId: string;
  protocolVersion: string;
  /** The field and hint for a CONNACK that refuses the client's credentials (a password, a certificate). */
  auth: { field: string; hint: string };
  /** The field and hint for a broker that ends the socket instead of answering CONNECT. */
  closed: { field: string; hint: string };
}

/** CONNACK return codes (3.1.1) and reason codes (5) that come from the client's identity or credentials. */
const authCodes = new Set([4, 5, 0x86, 0x87]);
const unavailableCodes = new Set([3, 0x88, 0x89, 0x8b, 0x9c, 0x9d, 0x9f]);

/** The failure for what goes wrong in MQTT itself (CONNACK refusals, the test topic's round trip); undefined for socket and TLS errors. */
export function classifyMqttFailure(error: unknown, fields: MqttFailureFields): TestFailure | undefined {
  if (error instanceof SubscribeRefused) {
    return { code: 'access_denied', message: 'The broker refused the subscription to the test topic.', field: 'test.topic', hint: 'Give this client the right to subscribe to test.topic, or name a topic it may use.' };
  }
  if (error instanceof MessageNotReceived) {
    return {
      code: 'not_received',
      message: `The test message published on the test topic did not come back within ${receiveWaitMs} ms.`,
      field: 'test.topic',
      hint: 'In MQTT 3.1.1 a broker drops a publish the client may not make without a word: check it may publish to and receive from test.topic.',
    };
  }
  if (error instanceof ClosedDuringRoundTrip) {
    return { code: 'access_denied', message: `${error.message} Brokers do that when the client may not use the topic.`, field: 'test.topic', hint: 'Allow this client to subscribe, publish and receive on test.topic, or name a topic it may use.' };
  }
  if (error instanceof ClosedBeforeConnack) return { code: 'closed', message: error.message, ...fields.closed };
  const reason = reasonCodeOf(error);
  if (reason !== undefined) return connackFailure(reason, error instanceof Error ? error.message : '', fields);
  if (error instanceof Error && error.message === 'connack timeout') {
    return { code: 'timeout', message: 'The broker accepted the connection but did not answer CONNECT in time.', field: fields.host, hint: 'Is this an MQTT port? A TLS port needs TLS.' };
  }
  return undefined;
}

function connackFailure(reason: number, text: string, fields: MqttFailureFields): TestFailure {
  const message = `The broker refused the connection: ${text.replace(/^Connection refused: /, '') || `reason ${reason}`} (CONNACK ${reason}).`;
  if (authCodes.has(reason)) return { code: 'auth_failed', message, ...fields.auth };
  if (reason === 1 || reason === 0x84) return { code: 'protocol_unsupported', message, field: fields.protocolVersion, hint: "Try protocolVersion '3.1.1' (4): not every broker speaks MQTT 5." };
  if (reason === 2 || reason === 0x85 || reason === 0x8a) {
    return { code: 'client_id_rejected', message, field: fields.clientId, hint: 'Use a client id the broker accepts (some allow only 23 letters and digits, or a fixed set of ids).' };
  }
  if (unavailableCodes.has(reason)) return { code: 'unavailable', message, field: fields.host, hint: 'The broker is busy, shutting down or points elsewhere: try again later or another broker.' };
  return { code: 'failed', message };
}
