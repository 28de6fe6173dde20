import type { Client } from '@hubspot/api-client';
import { defineConnector } from '../../core/index.ts';
import { associate, read, write } from './operations/index.ts';
import { closeHubSpotClient, createHubSpotClient } from './client.ts';
import { hubspotSchema } from './schema.ts';
import { testHubSpot } from './test-connection.ts';

const example = `{
    accessToken: secrets.HUBSPOT_API_KEY,
    numberOfApiCallRetries: 5,
}`;

export default defineConnector<typeof hubspotSchema, Client>({
  id: 'hubspot',
  label: 'HubSpot',
  module: '@hubspot/api-client',
  description: "HubSpot CRM through a private app's access token; hands out the SDK's Client (client.crm.contacts, client.crm.objects, client.apiRequest…).",
  lifecycle: 'stateless',
  schema: hubspotSchema,
  example,
  secretFields: ['accessToken'],
  createClient: createHubSpotClient,
  closeClient: closeHubSpotClient,
  testConnection: testHubSpot,
  operations: { read, write, associate },
});
