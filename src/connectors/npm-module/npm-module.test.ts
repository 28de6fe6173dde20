import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runConnectorContract } from '../contract.ts';
import { createNpmModuleConnector } from './connector.ts';

// The type over an allowlist naming the fixture module (test/fixtures/npm-module-greeter), against a one-route HTTP server.
const fixtureFile = path.resolve(import.meta.dirname, '../../../test/fixtures/npm-module-greeter/index.js');
const apiKey = 'greeter-canary-Key-6161';
// The type's example names stripe: allowed here (as the fixture) so its parse is checked too.
const npmModule = createNpmModuleConnector(new Map([['greeter-fixture', fixtureFile], ['stripe', fixtureFile]]));

let server: Server;
let url: string;
before(async () => {
  server = createServer((request, response) => {
    const ok = request.headers.authorization === `Bearer ${apiKey}`;
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? { account: 'acct_1' } : { error: 'bad key' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const config = (extra: Record<string, unknown>) => ({ module: 'greeter-fixture', test: { call: 'account.check' }, ...extra });

runConnectorContract(npmModule, {
  seedSource: "{ module: 'greeter-fixture', args: [secrets.GREETER_KEY, { url: 'https://greeter.example' }], test: { call: 'account.check' } }",
  seedExpected: { module: 'greeter-fixture', construct: 'default', args: ['dummy-GREETER_KEY', { url: 'https://greeter.example' }], moduleFile: fixtureFile },
  live: async () => config({ args: [apiKey, { url }] }),
  refusedPort: (port) => config({ args: ['unused', { url: `http://127.0.0.1:${port}` }] }),
  unknownHost: config({ args: ['unused', { url: 'http://nonexistent.invalid' }] }),
  serverFields: { host: 'args', port: 'args' },
});

function check(raw: Record<string, unknown>) {
  return npmModule.testConnection(raw as never, { signal: new AbortController().signal, timeoutMs: 5000 });
}

test('a module that is not on the allowlist is refused naming the field module and how to allow it', () => {
  const parsed = npmModule.schema.safeParse({ module: 'left-pad' });
  assert.equal(parsed.success, false);
  const issue = parsed.error?.issues[0];
  assert.deepEqual(issue?.path, ['module']);
  assert.match(issue?.message ?? '', /"left-pad" is not on this hub's module allowlist .*ziggy plugins allow left-pad/);
});

test('a moduleFile written in the config is replaced by the allowlist’s file', () => {
  const parsed = npmModule.schema.parse({ module: 'greeter-fixture', moduleFile: '/etc/passwd' }) as { moduleFile: string };
  assert.equal(parsed.moduleFile, fixtureFile);
});

test('the client is what the constructor returns; a named factory and the module itself work too; close calls the named method', async () => {
  const made = (await npmModule.createClient(npmModule.schema.parse({ module: 'greeter-fixture', args: ['k', { greeting: 'Hej' }], close: 'close' }))) as unknown as { greet(name: string): string; closed: boolean };
  assert.equal(made.greet('Ada'), 'Hej, Ada!');
  await npmModule.closeClient(made);
  assert.equal(made.closed, true);
  const fromFactory = (await npmModule.createClient(npmModule.schema.parse({ module: 'greeter-fixture', construct: 'createGreeter', args: ['k'] }))) as unknown as { greet(name: string): string };
  assert.equal(fromFactory.greet('Bo'), 'Hello, Bo!');
  const whole = await npmModule.createClient(npmModule.schema.parse({ module: 'greeter-fixture', construct: 'module' }));
  assert.equal(typeof whole['createGreeter'], 'function');
});

test("the test call's error is reported with its message, the key scrubbed, and no field blamed", async () => {
  const wrong = 'greeter-canary-Wrong-Key-7272';
  const result = await check(npmModule.schema.parse(config({ args: [wrong, { url }] })));
  assert.equal(result.ok, false);
  assert.equal(result.code, 'module_error');
  assert.equal(result.field, undefined);
  assert.match(result.message, /was refused \(401\)/);
  assert.ok(!JSON.stringify(result).includes(wrong), JSON.stringify(result));
});

test('a test call that names no method of the client says so', async () => {
  const result = await check(npmModule.schema.parse(config({ args: [apiKey, { url }], test: { call: 'balance.retrieve' } })));
  assert.equal(result.code, 'module_error');
  assert.match(result.message, /no method balance\.retrieve/);
});
