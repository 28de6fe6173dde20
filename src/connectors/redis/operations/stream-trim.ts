import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import type { RedisClient } from '../client.ts';

const streamTrimInput = z
  .strictObject({
    stream: z.string().min(1).describe('The stream key'),
    maxLength: z.number().int().min(0).optional().describe('Keep at most this many of the newest entries (MAXLEN)'),
    minId: z.string().min(1).optional().describe('Drop entries with ids below this one (MINID), e.g. a time in ms: 1733443200000-0'),
    exact: z.boolean().default(false).describe('Trim exactly; by default Redis trims whole nodes (~), which is much cheaper'),
  })
  .refine((input) => (input.maxLength === undefined) !== (input.minId === undefined), {
    message: 'Give exactly one of maxLength and minId.',
    path: ['maxLength'],
  });

export const streamTrim: Operation<RedisClient, typeof streamTrimInput> = {
  label: 'Redis Stream: trim',
  description: 'XTRIM by length or by lowest id; returns how many entries were removed.',
  input: streamTrimInput,
  async run(client, input) {
    const strategy = input.maxLength === undefined ? 'MINID' : 'MAXLEN';
    const threshold = input.maxLength ?? input.minId ?? 0;
    const removed = await client.xTrim(input.stream, strategy, threshold, { strategyModifier: input.exact ? '=' : '~' });
    return { stream: input.stream, removed };
  },
};
