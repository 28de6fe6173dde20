import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import type { RedisClient } from '../client.ts';

/** Entries sent per pipeline round trip: large enough to amortise the trip, small enough to stay responsive. */
const pipelineSize = 1000;

const value = z.union([z.string(), z.number(), z.boolean()]);

const streamAddInput = z.strictObject({
  stream: z.string().min(1).describe('The stream key, e.g. orders:events'),
  entries: z
    .array(z.record(z.string(), value))
    .min(1)
    .max(1_000_000)
    .describe('The entries: field → value (numbers and booleans are sent as text, as Redis stores them)'),
  maxLength: z.number().int().min(1).optional().describe('Trim the stream to about this many entries as they are added (MAXLEN ~)'),
});

export const streamAdd: Operation<RedisClient, typeof streamAddInput> = {
  label: 'Redis Stream: add entries',
  description: 'XADD of each entry with an id Redis assigns, pipelined in groups of 1,000; returns the ids in order.',
  input: streamAddInput,
  async run(client, input, context) {
    const ids: string[] = [];
    const trim = input.maxLength === undefined ? undefined : { TRIM: { strategy: 'MAXLEN' as const, strategyModifier: '~' as const, threshold: input.maxLength } };
    for (let offset = 0; offset < input.entries.length; offset += pipelineSize) {
      context.signal.throwIfAborted();
      const batch = client.multi();
      for (const entry of input.entries.slice(offset, offset + pipelineSize)) {
        const fields = Object.fromEntries(Object.entries(entry).map(([field, item]) => [field, String(item)]));
        batch.xAdd(input.stream, '*', fields, trim);
      }
      const replies = await batch.execAsPipeline();
      for (const reply of replies) ids.push(String(reply));
      context.log(`${ids.length} of ${input.entries.length} entries added`);
    }
    return { stream: input.stream, added: ids.length, ids };
  },
};
