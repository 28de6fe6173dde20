import { defineConnector } from '../../core/index.ts';
import { closeHttpApiClient, createHttpApiClient, type HttpApiClient } from './client.ts';
import { restCall } from './operations/rest-call.ts';
import { httpApiSchema, httpSecretFields } from './schema.ts';
import { testHttpApi } from './test-connection.ts';

const example = `{
    baseUrl: 'https://api.example.com/v1/',
    auth: { type: 'bearer', token: secrets.EXAMPLE_API_TOKEN },
    test: { method: 'GET', path: '/me', expectStatus: 200 },
}`;

export default defineConnector<typeof httpApiSchema, HttpApiClient>({
  id: 'http-api',
  label: 'HTTP API',
  module: 'fetch (Node.js built-in, undici)',
  description: 'Any REST/HTTP API: a small fetch client of ours bound to baseUrl, with bearer, basic, API key or OAuth 2.0 client-credentials auth, retries of idempotent requests on 429/503, and a rate limit.',
  lifecycle: 'stateless',
  schema: httpApiSchema,
  example,
  secretFields: httpSecretFields,
  createClient: createHttpApiClient,
  closeClient: closeHttpApiClient,
  testConnection: testHttpApi,
  operations: { restCall },
});
