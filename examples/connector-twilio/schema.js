import { z } from 'ziggy-connections/connector';

/** The one schema of the type: what a Twilio connection's config may hold. */
export const twilioSchema = z.strictObject({
  accountSid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'An Account SID is "AC" and 32 hex digits (Console → Account info).')
    .describe('The Account SID, AC followed by 32 hex digits (Twilio Console → Account info)'),
  authToken: z.string().min(1).describe('The Auth Token of that account (reference a secret)'),
  region: z.string().regex(/^[a-z0-9]+$/).optional().describe('A Twilio region such as ie1 or au1; default: the US region'),
  edge: z.string().regex(/^[a-z0-9-]+$/).optional().describe('A Twilio edge location such as dublin or sydney'),
  baseUrl: z.url({ protocol: /^https?$/ }).optional().describe('Send every request here instead of https://api.twilio.com (a proxy or a test double)'),
  timeoutMs: z.coerce.number().int().positive().default(30_000).describe('How long one request may take, ms'),
});
