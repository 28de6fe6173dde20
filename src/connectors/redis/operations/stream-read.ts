import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import type { RedisClient } from '../client.ts';

const streamReadInput = z.strictObject({
  stream: z.string().min(1).describe('The stream key'),
  group: z.string().min(1).describe('The consumer group; created (with the stream, from its start) when it does not exist'),
  consumer: z.string().min(1).default('ziggy').describe('This reader’s name within the group'),
  count: z.number().int().min(1).max(100_000).default(100).describe('At most this many entries'),
  blockMs: z.number().int().min(0).max(60_000).optional().describe('Wait up to this long for new entries when none are waiting; default: do not wait'),
  ack: z.boolean().default(true).describe('Acknowledge the entries read (XACK), so the group does not hand them out again'),
  pending: z.boolean().default(false).describe("Read this consumer's entries that were delivered but never acknowledged (id 0) instead of new ones (>)"),
});

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The entries of an XREADGROUP reply as node-redis shapes it, `[{ name, messages: [{ id, message }] }]`,
 * or null when nothing came; checked as it is read, since its declared type covers every RESP shape.
 */
function entriesOf(reply: unknown): StreamEntry[] {
  const entries: StreamEntry[] = [];
  for (const stream of Array.isArray(reply) ? reply : []) {
    const messages: unknown = isRecord(stream) ? stream.messages : undefined;
    for (const message of Array.isArray(messages) ? messages : []) {
      if (!isRecord(message) || typeof message.id !== 'string' || !isRecord(message.message)) continue;
      entries.push({ id: message.id, fields: Object.fromEntries(Object.entries(message.message).map(([field, item]) => [field, String(item)])) });
    }
  }
  return entries;
}

async function ensureGroup(client: RedisClient, stream: string, group: string): Promise<void> {
  try {
    await client.xGroupCreate(stream, group, '0', { MKSTREAM: true });
  } catch (error) {
    // BUSYGROUP: the group is there already, which is the usual case.
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
  }
}

export const streamRead: Operation<RedisClient, typeof streamReadInput> = {
  label: 'Redis Stream: read with a consumer group',
  description: 'XREADGROUP for this consumer (new entries, or its pending ones), then XACK of what was read unless ack is false.',
  input: streamReadInput,
  async run(client, input) {
    await ensureGroup(client, input.stream, input.group);
    const reply = await client.xReadGroup(
      input.group,
      input.consumer,
      { key: input.stream, id: input.pending ? '0' : '>' },
      { COUNT: input.count, ...(input.blockMs === undefined ? {} : { BLOCK: input.blockMs }) },
    );
    const entries = entriesOf(reply);
    const acked = input.ack && entries.length > 0 ? await client.xAck(input.stream, input.group, entries.map((entry) => entry.id)) : 0;
    return { stream: input.stream, group: input.group, entries, acked };
  },
};
