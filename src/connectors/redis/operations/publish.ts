import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import type { RedisClient } from '../client.ts';

const publishInput = z.strictObject({
  channel: z.string().min(1).describe('The Pub/Sub channel'),
  messages: z
    .array(z.unknown())
    .min(1)
    .max(100_000)
    .describe('The messages: text is sent as it is, anything else as JSON'),
});

export const publish: Operation<RedisClient, typeof publishInput> = {
  label: 'Redis Publish',
  description: 'PUBLISH of each message to the channel, pipelined; returns how many subscribers received each.',
  input: publishInput,
  async run(client, input) {
    const batch = client.multi();
    for (const message of input.messages) batch.publish(input.channel, typeof message === 'string' ? message : JSON.stringify(message));
    const receivers = (await batch.execAsPipeline()).map((reply) => Number(reply));
    return { channel: input.channel, published: receivers.length, receivers };
  },
};
