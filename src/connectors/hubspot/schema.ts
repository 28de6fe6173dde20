import { z } from 'zod';

/**
 * The SDK Client's options that make sense as data, as the seed's object writes them
 * (`{ accessToken, numberOfApiCallRetries }`), plus `basePath` for a proxy or gateway in front of
 * the API. Unknown keys are refused so typos are caught.
 */
export const hubspotSchema = z.strictObject({
  accessToken: z
    .string()
    .min(1)
    .describe("Access token of a private app (pat-…) or an OAuth access token; reference a secret, e.g. secrets.HUBSPOT_API_KEY."),
  numberOfApiCallRetries: z.coerce
    .number()
    .int()
    .min(0)
    .max(6, 'The SDK accepts 0 to 6 attempts.')
    .default(0)
    .describe('Attempts the SDK makes per call when HubSpot answers 5xx or with a rate limit, up to 6; 0 or 1 make a single attempt.'),
  basePath: z
    .url({ protocol: /^https?$/, error: "Use a URL such as 'https://hubspot-proxy.example.com'." })
    .optional()
    .describe('Base URL of the HubSpot API, for a proxy or gateway in front of it; leave out for https://api.hubapi.com.'),
});

export type HubSpotConfig = z.output<typeof hubspotSchema>;
