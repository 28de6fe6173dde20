import { closingClient } from '../connection-test.ts';

/** What the MQTT blocks and tests use of a client: the part of mqtt.js's `MqttClient` they call, so core needs no import of it. */
export type QoS = 0 | 1 | 2;

export interface ReceivedPacket {
  qos: number;
  retain: boolean;
}

export type MessageListener = (topic: string, payload: Buffer, packet: ReceivedPacket) => void;

export interface PubSubClient {
  readonly connected: boolean;
  publish(topic: string, payload: string, options: { qos: QoS; retain?: boolean }, callback: (error?: Error) => void): unknown;
  publishAsync(topic: string, payload: string, options: { qos: QoS }): Promise<unknown>;
  subscribeAsync(topics: string | string[], options: { qos: QoS }): Promise<Array<{ topic: string; qos: number }>>;
  unsubscribeAsync(topics: string | string[]): Promise<unknown>;
  on(event: 'message', listener: MessageListener): unknown;
  on(event: 'close', listener: () => void): unknown;
  removeListener(event: 'message', listener: MessageListener): unknown;
  removeListener(event: 'close', listener: () => void): unknown;
}

/** The events of a client's first connect: CONNACK, an error, or the socket closing. */
export interface ConnectingClient<Connack> {
  on(event: 'connect', listener: (packet: Connack) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  removeListener(event: 'connect', listener: (packet: Connack) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'close', listener: () => void): unknown;
}

/** The broker ended the socket after the handshake without a CONNACK (some brokers, AWS IoT among them, do that instead of refusing). */
export class ClosedBeforeConnack extends Error {
  constructor() {
    super('The broker closed the connection before it answered CONNECT.');
    this.name = 'ClosedBeforeConnack';
  }
}

/** Resolves with the CONNACK of a client's first connect; rejects with its error (a refusal, TLS, the socket) or when the socket closes first. */
export function connack<Connack>(client: ConnectingClient<Connack>): Promise<Connack> {
  return new Promise((resolve, reject) => {
    const settle = (finish: () => void): void => {
      client.removeListener('connect', onConnect);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
      finish();
    };
    const onConnect = (packet: Connack): void => settle(() => resolve(packet));
    const onError = (error: Error): void => settle(() => reject(error));
    const onClose = (): void => settle(() => reject(new ClosedBeforeConnack()));
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}

/** The MQTT 5 reason code (or 3.1.1 return code) mqtt.js puts on a refusal's error as a numeric `code`. */
export function reasonCodeOf(error: unknown): number | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

/** A client as the cache holds it: connected or not, ending or not, and how to end it. */
export interface EndableClient<Connack> extends ConnectingClient<Connack> {
  readonly connected: boolean;
  readonly disconnecting: boolean;
  endAsync(force?: boolean): Promise<void>;
}

/**
 * The client once its first CONNACK came, ended at once if it did not. Its `error` events are
 * taken here for good: without a listener an `error` (a dropped socket while it reconnects)
 * would end the process.
 */
export async function untilConnected<Connack, Client extends EndableClient<Connack>>(client: Client): Promise<Client> {
  client.on('error', () => undefined);
  try {
    await connack(client);
  } catch (error) {
    await client.endAsync(true);
    throw error;
  }
  return client;
}

/** Ends the session with DISCONNECT after in-flight messages are acknowledged; a client that is down is ended at once. */
export async function endClient<Connack>(client: EndableClient<Connack>): Promise<void> {
  if (client.disconnecting) return;
  await client.endAsync(!client.connected);
}

/** Alive while connected: a client whose socket dropped (even one that will reconnect) is replaced by the cache. */
export function isConnected<Connack>(client: EndableClient<Connack>): boolean {
  return client.connected && !client.disconnecting;
}

/**
 * A connection test's client: made by `create` in a `connect` step that lasts until CONNACK, handed
 * to `work` with that CONNACK, and ended at once when the test's time runs out or `work` settles.
 */
export async function withTestClient<Connack, Client extends EndableClient<Connack>, T>(
  step: <R>(name: string, run: () => Promise<R>) => Promise<R>,
  signal: AbortSignal,
  create: () => Client,
  work: (client: Client, answer: Connack) => Promise<T>,
): Promise<T> {
  let client: Client | undefined;
  return closingClient(signal, async () => client?.endAsync(true), async () => {
    const answer = await step('connect', async () => {
      client = create();
      client.on('error', () => undefined);
      return connack<Connack>(client);
    });
    return work(client as unknown as Client, answer);
  });
}
