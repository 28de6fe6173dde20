import { z } from 'zod';
import type { Operation } from '../connector.ts';
import { ZiggyError } from '../errors.ts';
import type { PubSubClient, ReceivedPacket } from './client.ts';
import { failureOf } from './failure.ts';
import { matchesFilter } from './topic-filter.ts';

const subscribeInput = z.strictObject({
  topics: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(100)])
    .describe("Topic filter(s) to subscribe to, wildcards allowed: 'plant/+/meters/#', or a list of them"),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0).describe('Highest QoS asked for: 0, 1 or 2'),
  maxMessages: z.number().int().min(1).max(100_000).default(100).describe('Stop once this many messages arrived (N)'),
  timeoutMs: z.number().int().min(1).max(600_000).default(5000).describe('Stop after this long, ms, with what arrived by then (T)'),
  format: z
    .enum(['auto', 'json', 'text', 'base64'])
    .default('auto')
    .describe("How to return each payload: 'auto' (parsed JSON when it is JSON, else text), 'json' (refuses a payload that is not), 'text' or 'base64'"),
});

type SubscribeInput = z.output<typeof subscribeInput>;

export interface CollectedMessage {
  topic: string;
  payload: unknown;
  qos: number;
  retain: boolean;
}

function decode(payload: Buffer, format: SubscribeInput['format'], topic: string): unknown {
  if (format === 'base64') return payload.toString('base64');
  const text = payload.toString('utf8');
  if (format === 'text') return text;
  try {
    return JSON.parse(text);
  } catch {
    if (format === 'json') throw new ZiggyError('bad_input', `MQTT Subscribe: a message on ${topic} is not JSON (format 'json'); use format 'auto' or 'text'.`, { field: 'format', topic });
    return text;
  }
}

/** The MQTT Subscribe (collect) block. */
export const subscribeOperation: Operation<PubSubClient, typeof subscribeInput> = {
  label: 'MQTT Subscribe (collect)',
  description:
    'Subscribes to the topic filter(s), collects messages (retained ones first) until maxMessages arrived or timeoutMs passed, unsubscribes and returns them: for polling flows.',
  input: subscribeInput,
  async run(client, input, context) {
    const filters = typeof input.topics === 'string' ? [input.topics] : input.topics;
    const messages: CollectedMessage[] = [];
    let stop: (timedOut: boolean) => void = () => undefined;
    let failure: unknown;
    const finished = new Promise<boolean>((resolve) => {
      stop = resolve;
    });
    // The client may hold other subscriptions (a JavaScript Block's): only what these filters match is collected.
    const onMessage = (topic: string, payload: Buffer, packet: ReceivedPacket): void => {
      if (messages.length >= input.maxMessages || !filters.some((filter) => matchesFilter(filter, topic))) return;
      try {
        messages.push({ topic, payload: decode(payload, input.format, topic), qos: packet.qos, retain: packet.retain });
      } catch (error) {
        failure = error;
        stop(false);
      }
      if (messages.length >= input.maxMessages) stop(false);
    };
    const onAbort = (): void => stop(false);
    const timer = setTimeout(() => stop(true), input.timeoutMs);
    client.on('message', onMessage);
    context.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const granted = await client.subscribeAsync(filters, { qos: input.qos }).catch((error: Error) => {
        throw failureOf(error, `the subscription to ${filters.join(', ')}`, {});
      });
      const refused = granted.filter((grant) => grant.qos >= 128).map((grant) => grant.topic);
      if (refused.length > 0) throw new ZiggyError('forbidden', `The broker refused the subscription to ${refused.join(', ')}.`, { field: 'topics', topics: refused });
      const timedOut = await finished;
      context.signal.throwIfAborted();
      if (failure !== undefined) throw failure;
      return { messages, count: messages.length, timedOut };
    } finally {
      clearTimeout(timer);
      client.removeListener('message', onMessage);
      context.signal.removeEventListener('abort', onAbort);
      if (client.connected) await client.unsubscribeAsync(filters).catch(() => undefined);
    }
  },
};
