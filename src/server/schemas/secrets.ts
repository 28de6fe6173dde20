import { z } from 'zod';
import { booleanQuery, modeInput, timestamp } from './common.ts';

/** What the API shows of a secret: which modes are set, never a value. */
export const secretView = z.object({
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  modes: z.object({ dev: z.boolean(), prod: z.boolean() }),
  prodUsesDev: z.boolean(),
  usedBy: z.array(z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
  updatedBy: z.string(),
});

export const setSecretBody = z.strictObject({
  value: z.string(),
  mode: modeInput.optional().describe('Which value to set: dev (default) or prod; the dev value must exist first'),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

/** Metadata only; the values stay as stored. The service refuses a body with neither field. */
export const updateSecretBody = z
  .strictObject({
    description: z.string().optional(),
    tags: z.array(z.string()).optional().describe('Replaces the tags; trimmed, duplicates and empty tags dropped'),
  })
  .describe('Give description, tags or both');

export const deleteSecretQuery = z.object({
  force: booleanQuery.optional().describe('true deletes even while connections reference the secret'),
});
