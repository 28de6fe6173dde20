import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { blackHole, freePort } from '../../test/support/sockets.ts';
import { parseConfig, resolveConfig, type AnyConnector, type ConfigNode, type TestContext } from '../core/index.ts';

export interface ContractFixtures {
  /** The seed docs page's object text for this type, exactly as people copy it. */
  seedSource: string;
  /** Values the seed object must validate to (a subset of the parsed config), e.g. `{ port: 22 }`. */
  seedExpected?: Record<string, unknown>;
  /** A working config against a real server on this machine. */
  live: () => Promise<Record<string, unknown>>;
  /** A config pointing at 127.0.0.1 on the given port (used for a refused port and for a silent server). */
  refusedPort: (port: number) => Record<string, unknown>;
  /** A config whose host is `nonexistent.invalid`. */
  unknownHost: Record<string, unknown>;
  /** The fields a wrong host and a wrong port are blamed on, when the type names its server otherwise (an S3 `endpoint` URL holds both). */
  serverFields?: { host: string; port: string };
}

const canary = 'canary-S3cret-Value-7731';

/** Every connector runs these cases: the seed and example configs, the JSON Schemas of its config and its operations, and its connection test against real sockets. */
export function runConnectorContract(connector: AnyConnector, fixtures: ContractFixtures): void {
  const check = (config: unknown, timeoutMs = 10_000) => connector.testConnection(config, context(timeoutMs));
  const fields = fixtures.serverFields ?? { host: 'host', port: 'port' };

  describe(`connector contract: ${connector.id}`, () => {
    test('the seed object, written as the docs show it, is accepted', () => {
      const parsed = connector.schema.parse(resolveWithDummySecrets(fixtures.seedSource)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(fixtures.seedExpected ?? {})) {
        assert.deepEqual(parsed[key], value, `seed field ${key}`);
      }
    });

    test("the connector's example is accepted and references a secret in every secret field it uses", () => {
      connector.schema.parse(resolveWithDummySecrets(connector.example));
      const tree = parseConfig(connector.example);
      for (const field of connector.secretFields) {
        const node = nodeAt(tree, field);
        if (node === undefined) continue;
        const referencesSecret = node.kind === 'secret' || (node.kind === 'concat' && node.parts.some((part) => typeof part !== 'string'));
        assert.ok(referencesSecret, `example field ${field} must reference a secret`);
      }
    });

    test('a typo in a key is refused and named', () => {
      const seed = resolveWithDummySecrets(fixtures.seedSource);
      const result = connector.schema.safeParse({ ...seed, hots: 'x' });
      assert.equal(result.success, false);
      assert.ok(result.error?.issues.some((issue) => issue.code === 'unrecognized_keys' && issue.keys.includes('hots')));
    });

    test('the JSON Schema is generated, describes every field, and lists every secret field', () => {
      const schema = z.toJSONSchema(connector.schema) as JsonSchema;
      for (const [path, property] of properties(schema)) {
        assert.ok(typeof property.description === 'string' && property.description.length > 0, `field ${path} has no description`);
      }
      const paths = new Set(properties(schema).map(([path]) => path));
      for (const field of connector.secretFields) assert.ok(paths.has(field), `secret field ${field} is not in the JSON Schema`);
    });

    test('every operation has a label, a description and a JSON Schema for the UI in which every parameter is described', () => {
      for (const [name, operation] of Object.entries(connector.operations)) {
        assert.ok(operation.label.length > 0 && operation.description.length > 0, name);
        const found = properties(z.toJSONSchema(operation.input, { io: 'input' }) as JsonSchema);
        assert.ok(found.length > 0, `${name} has no parameters in its JSON Schema`);
        for (const [path, property] of found) assert.ok(property.description, `${name}: parameter ${path} has no description`);
      }
    });

    test(`a refused port fails with connection_refused on the ${fields.port} field`, async () => {
      const result = await check(connector.schema.parse(fixtures.refusedPort(await freePort())));
      assert.equal(result.ok, false);
      assert.equal(result.code, 'connection_refused', result.message);
      assert.equal(result.field, fields.port);
    });

    test(`an unknown host fails with host_not_found on the ${fields.host} field`, async () => {
      const result = await check(connector.schema.parse(fixtures.unknownHost));
      assert.equal(result.code, 'host_not_found', result.message);
      assert.equal(result.field, fields.host);
    });

    test('the live config tests ok, with every step passed', async () => {
      const result = await check(connector.schema.parse(await fixtures.live()));
      assert.equal(result.ok, true, `${result.code}: ${result.message}`);
      assert.equal(result.code, 'ok');
      assert.ok(result.steps.length > 0 && result.steps.every((step) => step.ok));
    });

    test('a client on the live config is created and closed without leaving a socket open', async () => {
      const before = openSockets();
      const client = await connector.createClient(connector.schema.parse(await fixtures.live()));
      if (connector.isClientAlive !== undefined) assert.equal(connector.isClientAlive(client), true);
      await connector.closeClient(client);
      if (connector.isClientAlive !== undefined) assert.equal(connector.isClientAlive(client), false);
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(openSockets() <= before, `sockets open before: ${before}, after close: ${openSockets()}`);
    });

    test('session and expiring clients say whether they are still alive', () => {
      if (connector.lifecycle === 'session' || connector.lifecycle === 'expiring') {
        assert.equal(typeof connector.isClientAlive, 'function');
      }
    });

    test('no secret value appears in a test result', async () => {
      let config = fixtures.refusedPort(await freePort());
      // Every secret field the config can hold at once (some types take a connection string or keys, not both).
      for (const field of connector.secretFields) {
        const candidate = structuredClone(config);
        setWhereParentExists(candidate, field, canary);
        if (connector.schema.safeParse(candidate).success) config = candidate;
      }
      const results = [await check(connector.schema.parse(config)), await check({ ...config, port: 'not a port' })];
      for (const result of results) {
        assert.equal(result.ok, false);
        assert.ok(!JSON.stringify(result).includes(canary), `a secret value leaked into ${JSON.stringify(result)}`);
      }
    });

    test('testConnection never throws, even on garbage config', async () => {
      const garbage: unknown[] = [null, undefined, 42, 'text', [], {}, { host: 123 }, { hots: 'db.internal' }];
      for (const config of garbage) {
        const result = await check(config);
        assert.equal(result.ok, false);
        assert.equal(result.code, 'config_invalid', `${JSON.stringify(config)} gave ${result.code}: ${result.message}`);
      }
    });

    test('a server that accepts and never speaks times out within the test timeout', async () => {
      const hole = await blackHole();
      try {
        const started = performance.now();
        const result = await check(connector.schema.parse(fixtures.refusedPort(hole.port)), 500);
        assert.equal(result.code, 'timeout', result.message);
        assert.equal(result.field, fields.host);
        assert.ok(performance.now() - started < 3000, `took ${performance.now() - started} ms`);
      } finally {
        await hole.close();
      }
    });
  });
}

function context(timeoutMs: number): TestContext {
  return { signal: new AbortController().signal, timeoutMs };
}

function resolveWithDummySecrets(source: string): Record<string, unknown> {
  return resolveConfig(parseConfig(source), { mode: 'dev', connection: 'contract', lookup: (name) => `dummy-${name}` });
}

/** Sets a dotted path when every object above it is already in the config (a top-level field always). */
function setWhereParentExists(config: Record<string, unknown>, dotted: string, value: string): void {
  const keys = dotted.split('.');
  let target: unknown = config;
  for (const key of keys.slice(0, -1)) target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
  if (typeof target === 'object' && target !== null) (target as Record<string, unknown>)[keys.at(-1) ?? ''] = value;
}

function nodeAt(tree: ConfigNode, dotted: string): ConfigNode | undefined {
  let node: ConfigNode | undefined = tree;
  for (const key of dotted.split('.')) {
    node = node?.kind === 'object' ? node.entries.find((entry) => entry.key === key)?.value : undefined;
  }
  return node;
}

interface JsonSchema {
  description?: string;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
}

/** Every object property in a JSON Schema as [dotted path, schema], looking through anyOf branches. */
function properties(schema: JsonSchema, prefix = ''): Array<[string, JsonSchema]> {
  const found: Array<[string, JsonSchema]> = [];
  for (const branch of [schema, ...(schema.anyOf ?? [])]) {
    for (const [key, property] of Object.entries(branch.properties ?? {})) {
      const path = `${prefix}${key}`;
      found.push([path, property], ...properties(property, `${path}.`));
    }
  }
  return found;
}

function openSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}
