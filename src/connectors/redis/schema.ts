import { z } from 'zod';

const pem = (what: string) => z.string().min(1).describe(`${what} as PEM text; reference a secret.`);

const tlsOptions = z
  .strictObject({
    ca: pem('CA certificate(s) that signed the server certificate').optional(),
    cert: pem('Client certificate, for servers that require one').optional(),
    key: pem('Private key of the client certificate').optional(),
    rejectUnauthorized: z.boolean().default(true).describe('Check the server certificate; false only for a throwaway test server.'),
    servername: z.string().min(1).optional().describe('Name to check the certificate against, when it differs from host.'),
  })
  .describe('TLS options (rediss:// or tls: true turn TLS on with the system CAs).');

/**
 * One Redis server (or a managed endpoint): a `redis://` / `rediss://` URL, or host and port, with
 * an ACL user or the old requirepass password. Unknown keys are refused so typos are caught.
 */
export const redisSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^rediss?$/, error: "Use a URL such as 'redis://cache.internal:6379/0' or 'rediss://…' for TLS." })
      .optional()
      .describe('redis[s]://[[username][:password]@]host[:port][/db]; put the password in `password` as a secret rather than in the URL.'),
    host: z.string().min(1).optional().describe('Host name or IP of the server; give this or url.'),
    port: z.coerce.number().int().min(1).max(65535).default(6379).describe("TCP port; a string such as '6379' is accepted."),
    username: z.string().min(1).optional().describe('ACL user name (Redis 6+); leave out for the default user.'),
    password: z.string().min(1).optional().describe("The ACL user's password, or requirepass; reference a secret."),
    database: z.coerce.number().int().min(0).max(65535).default(0).describe('Database number to SELECT (0 unless the server has more in use).'),
    tls: z.union([z.boolean(), tlsOptions]).default(false).describe('true, or TLS options, to connect over TLS.'),
    clientName: z.string().min(1).optional().describe('Name shown in CLIENT LIST, to tell this hub apart on the server.'),
    connectTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('Longest a connect may take, ms.'),
  })
  .superRefine((config, issues) => {
    if ((config.host === undefined) === (config.url === undefined)) {
      const message = config.host === undefined ? 'Give host (and port), or a url.' : 'Give host and port, or a url, not both.';
      issues.addIssue({ code: 'custom', path: ['host'], message });
    }
  });

export type RedisConfig = z.output<typeof redisSchema>;

/** Where the config connects, for messages: from the URL, else host and port. */
export function endpointOf(config: RedisConfig): { host: string; port: number } {
  if (config.url === undefined) return { host: config.host ?? '', port: config.port };
  const url = new URL(config.url);
  return { host: url.hostname, port: Number(url.port || 6379) };
}
