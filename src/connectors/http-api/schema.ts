import { z } from 'zod';

const bearer = z.strictObject({
  type: z.literal('bearer').describe("'bearer': sends Authorization: Bearer <token>."),
  token: z.string().min(1).describe('The bearer token; reference a secret, e.g. secrets.API_TOKEN.'),
});

const basic = z.strictObject({
  type: z.literal('basic').describe("'basic': sends Authorization: Basic with username and password."),
  username: z.string().min(1).describe('User name for HTTP Basic auth.'),
  password: z.string().describe('Password for HTTP Basic auth; reference a secret.'),
});

const apiKey = z.strictObject({
  type: z.literal('apiKey').describe("'apiKey': sends a key in a header or a query parameter."),
  key: z.string().min(1).describe('The API key; reference a secret.'),
  in: z.enum(['header', 'query']).default('header').describe("Where the key goes: 'header' (default) or 'query'."),
  name: z.string().min(1).default('X-API-Key').describe("The header or query parameter name, e.g. 'X-API-Key' or 'api_key'."),
});

const oauth2ClientCredentials = z.strictObject({
  type: z.literal('oauth2ClientCredentials').describe("'oauth2ClientCredentials': fetches a bearer token from tokenUrl (OAuth 2.0 client credentials grant), caches and refreshes it."),
  tokenUrl: z.url({ protocol: /^https?$/ }).describe('The token endpoint, e.g. https://login.example.com/oauth/token.'),
  clientId: z.string().min(1).describe('OAuth client id.'),
  clientSecret: z.string().min(1).describe('OAuth client secret; reference a secret.'),
  scope: z.string().min(1).optional().describe("Scopes to ask for, space-separated, e.g. 'read write'."),
  audience: z.string().min(1).optional().describe('Audience (resource) to ask a token for, where the provider needs one (Auth0, Okta).'),
  credentialsIn: z
    .enum(['body', 'header'])
    .default('body')
    .describe("How the client id and secret reach the token endpoint: 'body' (form fields, default) or 'header' (HTTP Basic)."),
});

const authKinds = [bearer, basic, apiKey, oauth2ClientCredentials] as const;
const authTypes = authKinds.map((kind) => kind.shape.type.value);

/** A union's bare "Invalid input" made specific: the wrong type, or the first problem of the branch its type names. */
function authIssue(issue: { input?: unknown; errors?: ReadonlyArray<ReadonlyArray<{ code?: string; message: string; path: ReadonlyArray<PropertyKey> }>> }): string {
  const type = typeof issue.input === 'object' && issue.input !== null ? (issue.input as { type?: unknown }).type : undefined;
  const index = authTypes.findIndex((name) => name === type);
  if (index === -1) return `auth.type must be one of ${authTypes.map((name) => `'${name}'`).join(', ')}`;
  // A misspelt key explains a missing one next to it, so it is named first.
  const branch = issue.errors?.[index] ?? [];
  const first = branch.find((found) => found.code === 'unrecognized_keys') ?? branch[0];
  if (first === undefined) return `Invalid ${String(type)} auth`;
  const at = first.path.length === 0 ? '' : ` at auth.${first.path.map(String).join('.')}`;
  return `${String(type)} auth${at}: ${first.message}`;
}

// A plain union, not discriminatedUnion: its JSON Schema is anyOf, which the docs table and the UI read.
export const httpAuth = z
  .union(authKinds, { error: (issue) => authIssue(issue as Parameters<typeof authIssue>[0]) })
  .describe("How requests authenticate: { type: 'bearer' | 'basic' | 'apiKey' | 'oauth2ClientCredentials', … }; none when omitted.");

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const httpMethod = z.enum(methods);

export const httpApiSchema = z.strictObject({
  baseUrl: z
    .url({ protocol: /^https?$/, error: "Use a URL such as 'https://api.example.com/v1/'." })
    .describe('Base URL every request path is relative to; requests never leave it (origin and path prefix).'),
  headers: z
    .record(z.string().min(1), z.string())
    .default({})
    .describe('Headers sent with every request. Values may reference secrets; a credential is better put in auth, whose fields are marked secret.'),
  query: z.record(z.string().min(1), z.string()).default({}).describe('Query parameters added to every request.'),
  auth: httpAuth.optional(),
  timeoutMs: z.coerce.number().int().positive().default(30_000).describe('Milliseconds one request (one attempt) may take.'),
  retries: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe('Retries of an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) answered 429 or 503, after its Retry-After or a capped exponential backoff.'),
  rateLimit: z.coerce.number().positive().optional().describe('At most this many requests per second from one client (a token bucket); none when omitted.'),
  test: z
    .strictObject({
      method: httpMethod.default('GET').describe('Method of the test request.'),
      path: z.string().default('').describe("Path of the test request, relative to baseUrl, e.g. '/me'; default: baseUrl itself."),
      expectStatus: z.coerce.number().int().min(100).max(599).optional().describe('The status the test expects; default: any 2xx.'),
    })
    .optional()
    .describe("The request the connection test makes, e.g. { method: 'GET', path: '/me', expectStatus: 200 }."),
});

export type HttpApiConfig = z.output<typeof httpApiSchema>;
export type HttpAuth = z.output<typeof httpAuth>;
export type HttpMethod = z.output<typeof httpMethod>;

/** Config fields that should reference a secret. */
export const httpSecretFields = ['auth.token', 'auth.password', 'auth.key', 'auth.clientSecret'] as const;
