import { z } from 'zod';

export const storeHealth = z
  .object({
    kind: z.enum(['sqlite', 'postgres']),
    location: z.string().describe('The SQLite file, or the PostgreSQL URL without its password'),
    reachable: z.boolean().describe('The store answered a cheap query within a short timeout (2 s for PostgreSQL)'),
    error: z.string().optional().describe('Why it did not answer, when it did not'),
    schemaVersion: z.number().int().nullable().describe("The store's newest applied migration; null when unreachable"),
    codeVersion: z.number().int().describe('The newest migration this Ziggy knows'),
    pending: z.array(z.string()).describe('Migrations this Ziggy knows that the store lacks, as "<version>: <name>"'),
  })
  .describe('The store as this process sees it now');

export const queueHealth = z
  .object({
    ok: z.boolean().describe('The queue tables answered'),
    queued: z.number().int().describe('Runs waiting for a worker'),
    running: z.number().int().describe('Runs a worker is executing'),
    workers: z.number().int().describe('Workers alive now (holding their liveness lock)'),
    message: z.string().optional().describe('Why it did not answer, when it did not'),
  })
  .describe('The run queue, on a server that hands runs to workers (--run-on workers)');

export const health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  blockIsolation: z
    .object({ level: z.enum(['sandbox', 'permission-only', 'unavailable']), summary: z.string() })
    .describe('How block code is contained: the OS sandbox, the permission model only, or unavailable (block runs refused)'),
  store: storeHealth,
  queue: queueHealth.optional(),
});

export const ready = z.object({ status: z.literal('ready'), store: storeHealth, queue: queueHealth.optional() });

export const notReady = z.object({
  status: z.literal('not_ready'),
  reason: z.string().describe('Why, and what to do: the store or the run queue does not answer, or migrations are pending (run `ziggy store migrate`)'),
  store: storeHealth,
  queue: queueHealth.optional(),
});

/** The generated OpenAPI document; its shape is OpenAPI 3.1's own. */
export const openApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
