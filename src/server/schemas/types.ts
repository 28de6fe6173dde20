import { z } from 'zod';

export const connectionTypeView = z.object({
  id: z.string(),
  label: z.string(),
  module: z.string(),
  description: z.string(),
  lifecycle: z.string(),
  example: z.string(),
  secretFields: z.array(z.string()).readonly(),
  jsonSchema: z.record(z.string(), z.unknown()),
  operations: z.array(z.object({ name: z.string(), label: z.string(), description: z.string() })),
  files: z
    .object({ location: z.object({ name: z.string(), description: z.string() }).nullable() })
    .nullable()
    .describe('For a type that holds files (the /files routes): the parameter naming its bucket or container; null for other types'),
});

export const typeParams = z.object({ id: z.string().min(1) });
