import { z } from 'zod';
import type { Operation } from '../connector.ts';
import { ZiggyError } from '../errors.ts';
import { fillFieldTokens, hasFieldTokens } from '../field-tokens.ts';
import type { PubSubClient } from './client.ts';
import { failureOf } from './failure.ts';

const publishInput = z.strictObject({
  topic: z
    .string()
    .min(1)
    .describe("Topic to publish on; $$field tokens are filled from each message, e.g. 'plant/$$site/meters/$$meter.id'."),
  messages: z.array(z.unknown()).min(1).max(1_000_000).describe('The input rows: one message each (its payload is the row, or the row’s payloadField)'),
  payloadField: z.string().min(1).optional().describe('Send this field of each row as the payload instead of the whole row'),
  format: z
    .enum(['auto', 'json', 'text'])
    .default('auto')
    .describe("'auto': text as it is, anything else as JSON; 'json': every payload as JSON; 'text': text, numbers and booleans as text (objects refused)"),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0).describe('0 (at most once), 1 (at least once, PUBACK) or 2 (exactly once, PUBCOMP)'),
  retain: z.boolean().default(false).describe('Ask the broker to keep the last message on each topic for new subscribers'),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(65_535)
    .optional()
    .describe('Most messages in flight at once: a new one is handed to the client as each is sent (QoS 0) or acknowledged (QoS 1 and 2); default 1000 for QoS 0, 10000 for QoS 1 and 2, where each waits for an answer from the broker'),
});

type PublishInput = z.output<typeof publishInput>;

/** The payload of one message, as the format says. */
function payloadOf(row: unknown, input: PublishInput, index: number): string {
  const value = input.payloadField === undefined ? row : (row as Record<string, unknown> | null)?.[input.payloadField];
  if (value === undefined) throw new ZiggyError('bad_input', `MQTT Publish: message ${index + 1} has no field ${input.payloadField}.`, { field: 'messages', row: index });
  if (input.format === 'json') return JSON.stringify(value);
  if (typeof value === 'string') return value;
  if (input.format === 'auto') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new ZiggyError('bad_input', `MQTT Publish: message ${index + 1} is not text (format 'text'); use format 'json' or 'auto'.`, { field: 'messages', row: index });
}

function checked(topic: string, index: number): string {
  if (/[+#\u0000]/.test(topic)) throw new ZiggyError('bad_input', `MQTT Publish: the topic of message ${index + 1} holds + or #, which a publish may not.`, { field: 'topic', row: index });
  return topic;
}

function topicOf(row: unknown, input: PublishInput, index: number): string {
  const missing = (field: string) => new ZiggyError('bad_input', `MQTT Publish: message ${index + 1} has no value for $$${field} in the topic.`, { field: 'messages', row: index });
  return checked(fillFieldTokens(input.topic, row, (text) => text, missing), index);
}

/** The MQTT Publish block. */
export const publishOperation: Operation<PubSubClient, typeof publishInput> = {
  label: 'MQTT Publish',
  description:
    'Publishes each input row as one message on the topic (with $$field tokens filled from the row), QoS 0, 1 or 2, retained or not, in batches; returns how many were sent and acknowledged.',
  input: publishInput,
  async run(client, input, context) {
    const fixedTopic = hasFieldTokens(input.topic) ? undefined : checked(input.topic, 0);
    const options = { qos: input.qos, retain: input.retain };
    const topics = new Set<string>();
    const total = input.messages.length;
    const window = input.batchSize ?? (input.qos === 0 ? 1000 : 10_000);
    let done = 0;
    let next = 0;
    let inFlight = 0;
    let logged = 0;
    // A sliding window: a new message goes out as each one is written (QoS 0) or acknowledged, so the
    // broker always has up to batchSize in hand instead of the block waiting for a whole batch.
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: unknown): void => {
        failed = true;
        reject(error);
      };
      const pump = (): void => {
        try {
          while (!failed && inFlight < window && next < total) {
            context.signal.throwIfAborted();
            const index = next++;
            const row = input.messages[index];
            const topic = fixedTopic ?? topicOf(row, input, index);
            if (topics.size < 1000) topics.add(topic);
            const payload = payloadOf(row, input, index);
            inFlight++;
            client.publish(topic, payload, options, (error) => {
              inFlight--;
              if (failed) return;
              if (error !== undefined && error !== null) {
                fail(failureOf(error, `publishing message ${index + 1} on ${topic}`, { published: done }));
                return;
              }
              done++;
              if (total > window && done - logged >= window) {
                logged = done;
                context.log(`${done} of ${total} messages published`);
              }
              if (done === total) resolve();
              else pump();
            });
          }
        } catch (error) {
          fail(error);
        }
      };
      pump();
    });
    return { published: done, acknowledged: input.qos === 0 ? 0 : done, qos: input.qos, retain: input.retain, topics: [...topics] };
  },
};
