import { z } from 'zod';
import { timestamp } from './common.ts';

const entityType = z.enum(['connection', 'secret', 'user', 'token', 'setting', 'block']);

export const auditEntry = z.object({
  id: z.number().int(),
  at: timestamp,
  actor: z.string(),
  action: z.string(),
  entityType,
  entityName: z.string(),
  details: z.record(z.string(), z.unknown()),
});

const isoTime = z.iso.datetime({ offset: true });

export const auditQuery = z.object({
  entityType: entityType.optional(),
  entityName: z.string().optional(),
  actor: z.string().optional(),
  since: isoTime.optional().describe('Inclusive'),
  until: isoTime.optional().describe('Inclusive'),
  limit: z.string().regex(/^[1-9]\d{0,5}$/, 'Use a whole number from 1 to 999999.').transform(Number).optional(),
});
