import { z } from 'zod';
import { modeInput, timestamp } from './common.ts';
import { inputs, timeoutMs, waitQuery } from './runs.ts';

const code = z.string().min(1).describe('One JavaScript function: async function (input) { … } (see docs/blocks.md)');

export const blockView = z.object({
  name: z.string(),
  description: z.string(),
  code,
  retrySafe: z.boolean().describe('Run again on another worker when the worker running it stops mid-run'),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  updatedBy: z.string(),
});

export const saveBlockBody = z.strictObject({
  code,
  description: z.string().optional(),
  retrySafe: z
    .boolean()
    .optional()
    .describe('Declares that running the block twice does no harm, so a run whose worker stopped is run again; left out, unchanged (false for a new block)'),
  version: z.number().int().positive().optional().describe('The version last seen; a stale one is refused with version_conflict'),
});

export const runCodeBody = z.strictObject({
  code,
  inputs: inputs.optional(),
  mode: modeInput.optional().describe("Default: the server's default mode"),
  timeoutMs: timeoutMs.optional(),
});

export const runBlockBody = z
  .strictObject({
    inputs: inputs.optional(),
    mode: modeInput.optional().describe('Default dev; or give ?mode='),
    timeoutMs: timeoutMs.optional(),
  })
  .nullish();

export const runBlockQuery = waitQuery.extend({ mode: modeInput.optional().describe('DEV or PROD for this call; default dev') });
