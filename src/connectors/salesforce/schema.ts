import { z } from 'zod';

/**
 * The seed page's object (`{ username, password, token }`: a SOAP login with the security token)
 * plus OAuth2: with `clientId` and `clientSecret` the username-password flow, or without a
 * username the client-credentials flow of a connected app. Unknown keys are refused so typos are
 * caught.
 */
export const salesforceSchema = z
  .strictObject({
    username: z.string().min(1).optional().describe('Login user name, usually an e-mail address.'),
    password: z.string().min(1).optional().describe('Password of the user; reference a secret, e.g. secrets.SF_PASSWORD.'),
    token: z
      .string()
      .min(1)
      .optional()
      .describe("The user's security token, sent after the password; needed from networks outside the org's trusted IP ranges. Reference a secret."),
    clientId: z.string().min(1).optional().describe('Consumer key of a connected app: with clientSecret, logs in by OAuth2 instead of SOAP.'),
    clientSecret: z.string().min(1).optional().describe('Consumer secret of the connected app; reference a secret.'),
    loginUrl: z
      .url({ protocol: /^https?$/, error: "Use a URL such as 'https://login.salesforce.com' or 'https://test.salesforce.com'." })
      .default('https://login.salesforce.com')
      .describe("Where to log in: https://test.salesforce.com for sandboxes, or the org's My Domain URL (needed for client credentials)."),
    version: z
      .string()
      .regex(/^\d{2,3}\.0$/, "Use an API version such as '62.0'.")
      .default('62.0')
      .describe("REST and SOAP API version, e.g. '62.0'."),
  })
  .superRefine((config, issues) => {
    const oauth = config.clientId !== undefined || config.clientSecret !== undefined;
    if (oauth && (config.clientId === undefined || config.clientSecret === undefined)) {
      const missing = config.clientId === undefined ? 'clientId' : 'clientSecret';
      issues.addIssue({ code: 'custom', path: [missing], message: 'OAuth2 needs both clientId and clientSecret.' });
    }
    if (config.username !== undefined && config.password === undefined) {
      issues.addIssue({ code: 'custom', path: ['password'], message: 'A username needs its password.' });
    }
    if (config.username === undefined && !oauth) {
      issues.addIssue({ code: 'custom', path: ['username'], message: 'Give username and password (and token), or clientId and clientSecret of a connected app.' });
    }
    if (config.token !== undefined && config.username === undefined) {
      issues.addIssue({ code: 'custom', path: ['token'], message: 'The security token goes with a username and password.' });
    }
  });

export type SalesforceConfig = z.output<typeof salesforceSchema>;

/** How a config logs in. */
export type LoginFlow = 'soap' | 'oauth2-password' | 'oauth2-client-credentials';

export function loginFlow(config: SalesforceConfig): LoginFlow {
  if (config.clientId === undefined) return 'soap';
  return config.username === undefined ? 'oauth2-client-credentials' : 'oauth2-password';
}
