import { randomBytes } from 'node:crypto';
import type { StepRunner } from '../connection-test.ts';
import type { PubSubClient } from './client.ts';

/** How long a connection test waits for its own message to come back. */
export const receiveWaitMs = 5000;

export class SubscribeRefused extends Error {}
export class MessageNotReceived extends Error {}
/** The broker dropped the socket in the middle of the round trip: AWS IoT does that on a publish or subscribe its policy denies. */
export class ClosedDuringRoundTrip extends Error {
  constructor(during: string) {
    super(`The broker closed the connection during ${during}.`);
  }
}

/**
 * A connection test's round trip on `topic`: subscribe (QoS 1), publish one message with a random
 * payload (QoS 1), and wait for it to come back; each a step of the test.
 */
export async function roundTrip(client: PubSubClient, topic: string, step: StepRunner): Promise<void> {
  const payload = `ziggy connection test ${randomBytes(6).toString('hex')}`;
  let during = 'subscribe';
  let onClose: () => void = () => undefined;
  const closed = new Promise<never>((_resolve, reject) => {
    onClose = () => reject(new ClosedDuringRoundTrip(during));
  });
  closed.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  let onMessage: (from: string, message: Buffer) => void = () => undefined;
  const received = new Promise<void>((resolve, reject) => {
    onMessage = (from, message) => {
      if (from === topic && message.toString() === payload) resolve();
    };
    timer = setTimeout(() => reject(new MessageNotReceived()), receiveWaitMs);
  });
  received.catch(() => undefined);
  client.on('close', onClose);
  client.on('message', onMessage);
  try {
    await step('subscribe', async () => {
      const granted = await Promise.race([client.subscribeAsync(topic, { qos: 1 }), closed]);
      if (granted.some((grant) => grant.qos >= 128)) throw new SubscribeRefused();
    });
    during = 'publish';
    await step('publish', () => Promise.race([client.publishAsync(topic, payload, { qos: 1 }), closed]));
    during = 'receive';
    await step('receive', () => Promise.race([received, closed]));
    await client.unsubscribeAsync(topic);
  } finally {
    clearTimeout(timer);
    client.removeListener('close', onClose);
    client.removeListener('message', onMessage);
  }
}
