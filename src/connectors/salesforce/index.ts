import type { Connection } from 'jsforce';
import { defineConnector } from '../../core/index.ts';
import { closeSalesforceClient, createSalesforceClient } from './client.ts';
import { describe } from './operations/describe.ts';
import { query } from './operations/query.ts';
import { write } from './operations/write.ts';
import { salesforceSchema } from './schema.ts';
import { testSalesforce } from './test-connection.ts';

const example = `{
    username: 'integration@example.com',
    password: secrets.SALESFORCE_PASSWORD,
    token: secrets.SALESFORCE_TOKEN,
}`;

export default defineConnector<typeof salesforceSchema, Connection>({
  id: 'salesforce',
  label: 'SalesForce',
  module: 'jsforce',
  description: 'Salesforce by username, password and security token (SOAP login) or OAuth2; hands out a logged-in jsforce Connection whose expired sessions are renewed.',
  lifecycle: 'expiring',
  schema: salesforceSchema,
  example,
  secretFields: ['password', 'token', 'clientSecret'],
  createClient: createSalesforceClient,
  closeClient: closeSalesforceClient,
  isClientAlive: (connection) => typeof connection.accessToken === 'string' && connection.accessToken !== '',
  testConnection: testSalesforce,
  operations: { query, describe, write },
});
