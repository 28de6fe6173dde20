import { z } from 'zod';

export const health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  blockIsolation: z
    .object({ level: z.enum(['sandbox', 'permission-only', 'unavailable']), summary: z.string() })
    .describe('How block code is contained: the OS sandbox, the permission model only, or unavailable (block runs refused)'),
});

/** The generated OpenAPI document; its shape is OpenAPI 3.1's own. */
export const openApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
