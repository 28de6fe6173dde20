import { z } from 'zod';

export const health = z.object({ status: z.literal('ok'), version: z.string() });

/** The generated OpenAPI document; its shape is OpenAPI 3.1's own. */
export const openApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
