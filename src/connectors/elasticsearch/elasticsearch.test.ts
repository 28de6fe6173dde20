import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@elastic/elasticsearch';
import { startFakeElasticsearch, type FakeElasticsearch } from '../../../test/fakes/elasticsearch.ts';
import { blackHole } from '../../../test/support/sockets.ts';
import { parseConfig, resolveConfig } from '../../core/index.ts';
import { runConnectorContract } from '../contract.ts';
import { decodeCloudId } from './cloud-id.ts';
import elasticsearch from './index.ts';
import { elasticsearchSchema } from './schema.ts';

// The seed page's three objects, exactly as the page writes them: Serverless without a comma after `auth`.
const serverlessSeed = `{
  node: 'https://my-elasticsearch-project-xxxx.es.eu-west-1.aws.elastic.cloud:443',
  auth: {
    apiKey: secrets.ELASTIC_API_KEY
  }
  serverMode: 'serverless',
}`;
const hostedSeed = `{
    cloud: {
        id: 'My_deployment:your_deployment_id='
    },
    auth: {
        username: 'elastic',
        password: secrets.MY_ELASTIC_PW
    }
}`;
const localSeed = `{ node: 'http://localhost:9200' }`;

const apiKey = { id: 'VuaCfGcBCdbkQm-e5aOx', api_key: 'ui2lp2axTNmsyakw9tvNnw' };
const encodedApiKey = Buffer.from(`${apiKey.id}:${apiKey.api_key}`).toString('base64');
const password = 'changeme-Pw-4471';
const bearer = 'dGhpcyBpcyBhIGJlYXJlciB0b2tlbg';

let stack: FakeElasticsearch;
let serverless: FakeElasticsearch;
before(async () => {
  const credentials = { apiKeys: [apiKey], users: { elastic: password, reader: password }, unprivilegedUsers: ['reader'], bearerTokens: [bearer] };
  [stack, serverless] = await Promise.all([startFakeElasticsearch(credentials), startFakeElasticsearch({ ...credentials, flavor: 'serverless' })]);
});
after(async () => {
  await Promise.all([stack.close(), serverless.close()]);
});

function resolve(source: string, values: Record<string, string>): Record<string, unknown> {
  return resolveConfig(parseConfig(source), { mode: 'dev', connection: 'search', lookup: (name) => values[name] });
}

function check(config: unknown, timeoutMs = 10_000) {
  return elasticsearch.testConnection(config as never, { signal: new AbortController().signal, timeoutMs });
}

runConnectorContract(elasticsearch, {
  seedSource: serverlessSeed,
  seedExpected: {
    node: 'https://my-elasticsearch-project-xxxx.es.eu-west-1.aws.elastic.cloud:443',
    auth: { apiKey: 'dummy-ELASTIC_API_KEY' },
    serverMode: 'serverless',
  },
  live: async () => ({ node: stack.url, auth: { apiKey: encodedApiKey } }),
  refusedPort: (port) => ({ node: `http://127.0.0.1:${port}`, auth: { username: 'elastic', password: 'unused' } }),
  unknownHost: { node: 'http://nonexistent.invalid:9200' },
  serverFields: { host: 'node', port: 'node' },
});

test("the seed page's Hosted and local objects are accepted as written", () => {
  assert.deepEqual(elasticsearchSchema.parse(resolve(hostedSeed, { MY_ELASTIC_PW: 'pw' })), {
    cloud: { id: 'My_deployment:your_deployment_id=' },
    auth: { username: 'elastic', password: 'pw' },
    maxRetries: 3,
  });
  assert.deepEqual(elasticsearchSchema.parse(resolve(localSeed, {})), { node: 'http://localhost:9200', maxRetries: 3 });
});

test("the Serverless seed object, its node pointed at the fake, tests ok and says serverless; the client sent elastic-api-version", async () => {
  const config = { ...resolve(serverlessSeed, { ELASTIC_API_KEY: encodedApiKey }), node: serverless.url };
  const result = await check(elasticsearchSchema.parse(config));
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(result.details, { version: '8.11.0', clusterName: 'project-abc123', flavor: 'serverless', serverless: true });
  assert.deepEqual(result.steps.map((step) => step.name), ['info']);
  assert.equal(serverless.requests.at(-1)?.headers['elastic-api-version'], '2023-10-31');
});

test('a local cluster without security tests ok as stack, and a serverless project without serverMode is told to set it', async () => {
  const open = await startFakeElasticsearch();
  try {
    const result = await check(elasticsearchSchema.parse({ node: open.url }));
    assert.equal(result.ok, true, result.message);
    assert.equal(result.details?.flavor, 'stack');
    assert.equal(result.details?.version, '9.1.0');
  } finally {
    await open.close();
  }
  const before = serverless.requests.length;
  const project = await check(elasticsearchSchema.parse({ node: serverless.url, auth: { apiKey: encodedApiKey } }));
  assert.equal(project.ok, true, project.message);
  assert.match(project.message, /This is a Serverless project: set serverMode: 'serverless'\./);
  assert.equal(serverless.requests[before]?.headers['elastic-api-version'], undefined);
});

for (const [label, auth] of [
  ['an encoded API key', { apiKey: encodedApiKey }],
  ['an API key as { id, api_key }', { apiKey }],
  ['basic auth', { username: 'elastic', password }],
  ['a bearer token', { bearer }],
] as const) {
  test(`${label} signs in`, async () => {
    const result = await check(elasticsearchSchema.parse({ node: stack.url, auth }));
    assert.equal(result.ok, true, `${result.code}: ${result.message}`);
  });
}

for (const [label, auth, field] of [
  ['a wrong API key', { apiKey: 'd3Jvbmc6a2V5LWNhbmFyeS04ODE=' }, 'auth.apiKey'],
  ['an API key with a wrong secret', { apiKey: { id: apiKey.id, api_key: 'key-canary-881' } }, 'auth.apiKey'],
  ['a wrong password', { username: 'elastic', password: 'key-canary-881' }, 'auth.password'],
  ['a wrong bearer token', { bearer: 'key-canary-881' }, 'auth.bearer'],
] as const) {
  test(`${label} is blamed on ${field}, and the secret is not shown`, async () => {
    const result = await check(elasticsearchSchema.parse({ node: stack.url, auth }));
    assert.equal(result.code, 'auth_failed', result.message);
    assert.equal(result.field, field);
    const text = JSON.stringify(result);
    assert.ok(!text.includes('key-canary-881') && !text.includes('d3Jvbmc6a2V5LWNhbmFyeS04ODE='), text);
  });
}

test('no credentials against a secured cluster is blamed on auth', async () => {
  const result = await check(elasticsearchSchema.parse({ node: stack.url }));
  assert.equal(result.code, 'auth_failed', result.message);
  assert.equal(result.field, 'auth');
});

test('a server that is not Elasticsearch (no x-elastic-product header) fails the product check, blamed on node', async () => {
  const impostor = await startFakeElasticsearch({ product: false });
  try {
    const result = await check(elasticsearchSchema.parse({ node: impostor.url }));
    assert.equal(result.code, 'not_elasticsearch', result.message);
    assert.equal(result.field, 'node');
  } finally {
    await impostor.close();
  }
});

test("the seed's Hosted Cloud ID (a placeholder) does not decode, and is blamed on cloud.id before any request", async () => {
  const result = await check(elasticsearchSchema.parse(resolve(hostedSeed, { MY_ELASTIC_PW: password })));
  assert.equal(result.code, 'cloud_id_invalid', result.message);
  assert.equal(result.field, 'cloud.id');
  assert.deepEqual(result.steps.map((step) => [step.name, step.ok]), [['decode cloud id', false]]);
});

test('a Cloud ID decodes as the client decodes it: name, then base64 of host$es_uuid$kibana_uuid, to an https node', () => {
  const id = `my-deployment:${Buffer.from('us-east-1.aws.found.io:443$4de46ced8d8d459696e544fe5f32093b$2f7f0cb1d0ac4f3e9d0e5b33c32f4f1c').toString('base64')}`;
  assert.deepEqual(decodeCloudId(id), { ok: true, node: 'https://4de46ced8d8d459696e544fe5f32093b.us-east-1.aws.found.io:443', deployment: 'my-deployment' });
  const client = new Client({ cloud: { id } });
  try {
    const [connection] = client.connectionPool.connections;
    assert.equal(connection?.url.toString(), 'https://4de46ced8d8d459696e544fe5f32093b.us-east-1.aws.found.io/');
  } finally {
    void client.close();
  }
  const withoutPort = `d:${Buffer.from('eu-west-1.aws.found.io$abc$def').toString('base64')}`;
  assert.deepEqual(decodeCloudId(withoutPort), { ok: true, node: 'https://abc.eu-west-1.aws.found.io', deployment: 'd' });
  for (const bad of ['no-colon', 'name:', ':abc', 'a:b:c', 'name:not base64!', `name:${Buffer.from('only-host').toString('base64')}`, `name:${Buffer.from('$es').toString('base64')}`]) {
    assert.equal(decodeCloudId(bad).ok, false, bad);
  }
});

test("a Cloud ID naming a host that does not exist fails with host_not_found on cloud.id", async () => {
  const id = `gone:${Buffer.from('nonexistent.invalid:443$es1$kb1').toString('base64')}`;
  const result = await check(elasticsearchSchema.parse({ cloud: { id }, auth: { username: 'elastic', password } }));
  assert.equal(result.code, 'host_not_found', result.message);
  assert.equal(result.field, 'cloud.id');
});

test('the schema names the field: neither node nor cloud, both, an auth mix, a half basic login, caFingerprint over http', () => {
  const paths = (config: unknown) => elasticsearchSchema.safeParse(config).error?.issues.map((issue) => issue.path.join('.'));
  assert.deepEqual(paths({}), ['node']);
  assert.deepEqual(paths({ node: 'http://localhost:9200', cloud: { id: 'a:b' } }), ['cloud']);
  assert.deepEqual(paths({ node: 'http://localhost:9200', auth: { apiKey: 'k', bearer: 't' } }), ['auth']);
  assert.deepEqual(paths({ node: 'http://localhost:9200', auth: { username: 'elastic' } }), ['auth.password']);
  assert.deepEqual(paths({ node: 'http://localhost:9200', caFingerprint: 'A'.repeat(64) }), ['caFingerprint']);
  assert.deepEqual(paths({ node: 'localhost:9200' }), ['node']);
  assert.deepEqual(paths({ node: 'http://localhost:9200', auth: { apiKey: 'k', passwrd: 'x' } }), ['auth']);
});

test('the client is the SDK Client, and reads the cluster through the fake', async () => {
  const client = await elasticsearch.createClient(elasticsearchSchema.parse({ node: stack.url, auth: { apiKey: encodedApiKey } }));
  try {
    assert.ok(client instanceof Client);
    const info = await client.info();
    assert.equal(info.cluster_name, 'ziggy-fake');
  } finally {
    await elasticsearch.closeClient(client);
  }
});

test('a user without the monitor privilege gets access_denied on auth.username, naming the privilege', async () => {
  const result = await check(elasticsearchSchema.parse({ node: stack.url, auth: { username: 'reader', password } }));
  assert.equal(result.code, 'access_denied', result.message);
  assert.equal(result.field, 'auth.username');
  assert.match(result.hint ?? '', /'monitor' cluster privilege/);
});

test('with requestTimeout a silent cluster fails on requestTimeout, before the test runs out of time', async () => {
  const hole = await blackHole();
  try {
    const result = await check(elasticsearchSchema.parse({ node: `http://127.0.0.1:${hole.port}`, requestTimeout: 300 }), 5000);
    assert.equal(result.code, 'timeout', result.message);
    assert.equal(result.field, 'requestTimeout');
    assert.ok(result.durationMs < 3000, `took ${result.durationMs} ms`);
  } finally {
    await hole.close();
  }
});
