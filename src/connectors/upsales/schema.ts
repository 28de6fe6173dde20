import { z } from 'zod';

/** The seed's object (`{ url, apiKey }`) plus how long a request may take and how often a 429 is retried. */
export const upsalesSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: "Use a URL such as 'https://power.upsales.com/api/v2/'." })
    .default('https://power.upsales.com/api/v2/')
    .describe("Base URL of the Upsales REST API, ending in /api/v2/: 'https://power.upsales.com/api/v2/' (or a proxy's URL in front of it)."),
  apiKey: z.string().min(1).describe('API key (Settings → API keys in Upsales), sent as ?token=; reference a secret, e.g. secrets.UPSALES_API_KEY.'),
  timeout: z.coerce.number().int().positive().default(30_000).describe('Milliseconds one request may take.'),
  maxRetries: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe('Retries of a request answered 429 (after its Retry-After) or 503.'),
});

export type UpsalesConfig = z.output<typeof upsalesSchema>;
