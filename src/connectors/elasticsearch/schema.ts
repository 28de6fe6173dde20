import { z } from 'zod';

const secretText = (what: string) => z.string().min(1).describe(what);

const encodedApiKey = z
  .strictObject({
    id: z.string().min(1).describe("The API key's id, as Create API key returns it."),
    api_key: secretText("The API key's secret part (api_key); reference a secret, e.g. secrets.ELASTIC_API_KEY_SECRET."),
  })
  .describe('An API key as its id and secret.');

const auth = z
  .strictObject({
    apiKey: z
      .union([secretText('The encoded API key (base64 of id:api_key), as Kibana shows it; reference a secret, e.g. secrets.ELASTIC_API_KEY.'), encodedApiKey])
      .optional()
      .describe('An API key: the encoded string, or { id, api_key }; reference a secret.'),
    username: z.string().min(1).optional().describe("Basic authentication user, e.g. 'elastic'; goes with password."),
    password: secretText("The basic authentication user's password; reference a secret, e.g. secrets.ELASTIC_PASSWORD.").optional(),
    bearer: secretText('A bearer token (an OAuth2 or service account token); reference a secret.').optional(),
  })
  .superRefine((value, issues) => {
    const methods = [value.apiKey !== undefined, value.username !== undefined || value.password !== undefined, value.bearer !== undefined];
    if (methods.filter(Boolean).length > 1) {
      issues.addIssue({ code: 'custom', message: 'Give one way to sign in: apiKey, username and password, or bearer.' });
    }
    if (value.username !== undefined && value.password === undefined) {
      issues.addIssue({ code: 'custom', path: ['password'], message: 'username needs a password.' });
    }
    if (value.password !== undefined && value.username === undefined) {
      issues.addIssue({ code: 'custom', path: ['username'], message: 'password needs a username.' });
    }
  })
  .describe('How to sign in: { apiKey }, { username, password } or { bearer }. Leave out for a cluster without security.');

const tls = z
  .strictObject({
    ca: z
      .string()
      .min(1)
      .optional()
      .describe("PEM text of the certificate authority that signed the cluster's certificate (the http_ca.crt of a self-managed cluster); a secret or literal text."),
    rejectUnauthorized: z
      .boolean()
      .optional()
      .describe('false accepts any certificate, unverified: only for a throwaway test cluster. Default: true.'),
  })
  .describe("TLS settings for a self-managed cluster whose certificate a public authority did not sign; Elastic Cloud needs none.");

const httpUrl = z.url({ protocol: /^https?$/, error: "Use a URL such as 'http://localhost:9200' or 'https://es.internal:9200'." });

/**
 * The client options that make sense as data, as the Elastic docs write them: a `node` URL (local,
 * self-managed, Serverless) or a `cloud.id` (Elastic Cloud Hosted), and one way to sign in.
 */
export const elasticsearchSchema = z
  .strictObject({
    node: httpUrl.optional().describe("URL of the cluster, e.g. 'http://localhost:9200' or a Serverless project's endpoint; give node or cloud.id."),
    cloud: z
      .strictObject({
        id: z.string().min(1).describe("The deployment's Cloud ID from the Elastic Cloud console, 'name:base64…'."),
      })
      .optional()
      .describe('An Elastic Cloud Hosted deployment, by its Cloud ID (instead of node).'),
    auth: auth.optional(),
    serverMode: z
      .enum(['stack', 'serverless'])
      .optional()
      .describe("'serverless' for an Elastic Cloud Serverless project (one node, gzip bodies, the serverless API version); default 'stack'."),
    tls: tls.optional(),
    caFingerprint: z
      .string()
      .regex(/^([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$/, 'A SHA-256 fingerprint: 64 hex digits, with or without colons.')
      .optional()
      .describe("SHA-256 fingerprint of the CA that signed the cluster's certificate, as a new self-managed cluster prints it; https only."),
    requestTimeout: z.number().int().min(1).optional().describe('Milliseconds a request may take before it fails. Default: no limit.'),
    maxRetries: z.number().int().min(0).max(10).default(3).describe('Retries of a request after a connection failure or a 502/503/504.'),
  })
  .superRefine((value, issues) => {
    if (value.node === undefined && value.cloud === undefined) {
      issues.addIssue({ code: 'custom', path: ['node'], message: "Give node (e.g. 'http://localhost:9200') or cloud: { id }." });
    }
    if (value.node !== undefined && value.cloud !== undefined) {
      issues.addIssue({ code: 'custom', path: ['cloud'], message: 'Give node or cloud, not both: a Cloud ID names its own node.' });
    }
    if (value.caFingerprint !== undefined && value.node?.startsWith('http:') === true) {
      issues.addIssue({ code: 'custom', path: ['caFingerprint'], message: 'caFingerprint checks a TLS certificate, so node must be an https URL.' });
    }
  });

export type ElasticsearchConfig = z.output<typeof elasticsearchSchema>;
