import { defineConnector } from '../../core/index.ts';
import { closeUpsalesClient, createUpsalesClient, type UpsalesClient } from './client.ts';
import { create, get, list, update } from './operations/index.ts';
import { upsalesSchema } from './schema.ts';
import { testUpsales } from './test-connection.ts';

const example = `{
    url: 'https://power.upsales.com/api/v2/',
    apiKey: secrets.UPSALES_API_KEY,
}`;

export default defineConnector<typeof upsalesSchema, UpsalesClient>({
  id: 'upsales',
  label: 'Upsales',
  module: 'fetch (Node.js built-in; Upsales has no official SDK)',
  description: "Upsales CRM's REST API (v2); hands out a small client of ours: get, list, create, update and request over fetch, with ?token= auth and 429 retries.",
  lifecycle: 'stateless',
  schema: upsalesSchema,
  example,
  secretFields: ['apiKey'],
  createClient: createUpsalesClient,
  closeClient: closeUpsalesClient,
  testConnection: testUpsales,
  operations: { get, list, create, update },
});
