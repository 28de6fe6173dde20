import type { Client } from '@elastic/elasticsearch';
import { defineConnector } from '../../core/index.ts';
import { closeElasticsearchClient, createElasticsearchClient } from './client.ts';
import { ingestOperation, searchOperation } from './operations/index.ts';
import { elasticsearchSchema } from './schema.ts';
import { secretFields, testElasticsearch } from './test-connection.ts';

const example = `{
    node: 'https://my-project.es.eu-west-1.aws.elastic.cloud:443',
    auth: {
        apiKey: secrets.ELASTIC_API_KEY
    },
    serverMode: 'serverless',
}`;

export default defineConnector<typeof elasticsearchSchema, Client>({
  id: 'elasticsearch',
  label: 'Elasticsearch',
  module: '@elastic/elasticsearch',
  description: 'Elasticsearch: Elastic Cloud Serverless, Elastic Cloud Hosted (Cloud ID) or a self-managed cluster; hands out the official client (@elastic/elasticsearch Client).',
  lifecycle: 'stateless',
  schema: elasticsearchSchema,
  example,
  secretFields,
  createClient: createElasticsearchClient,
  closeClient: closeElasticsearchClient,
  testConnection: testElasticsearch,
  operations: { ingest: ingestOperation, search: searchOperation },
});
