import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openServices, type OpenedServices } from '../src/service/index.ts';
import { rejectsWith } from './support/rejects-with.ts';

// The npm-module type end to end: a fixture package allowed like a plugin, then named by a connection in services opened after it.
const fixture = path.resolve(import.meta.dirname, 'fixtures/npm-module-greeter');
const apiKey = `greeter-key-${process.pid}`;
let root: string;
let server: Server;
let url: string;
let services: OpenedServices;

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-npm-module-'));
  server = createServer((request, response) => {
    const ok = request.headers.authorization === `Bearer ${apiKey}`;
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? { account: 'acct_1' } : {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const first = await openServices({ dataDir: root, env: {} });
  try {
    const allowed = await first.plugins.allow(fixture, 'cli:tester');
    assert.deepEqual([allowed.name, allowed.kind, allowed.version, allowed.status], ['greeter-fixture', 'module', '1.0.0', 'pending']);
  } finally {
    await first.close();
  }
  services = await openServices({ dataDir: root, env: {} });
});
after(async () => {
  await services?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

test('after ziggy plugins allow, a connection names the module, tests ok with its test call, and a block gets the client', async () => {
  assert.deepEqual([...services.pluginLoad.modules.keys()], ['greeter-fixture']);
  await services.secrets.set({ name: 'GREETER_KEY', value: apiKey, mode: 'dev' }, 'cli:tester');
  const devSource = `{ module: 'greeter-fixture', args: [secrets.GREETER_KEY, { url: '${url}', greeting: 'Hej' }], test: { call: 'account.check' } }`;
  await services.connections.create({ name: 'greeter', type: 'npm-module', devSource }, 'cli:tester');
  const tested = await services.connections.test('greeter', { mode: 'dev' }, 'cli:tester');
  assert.equal(tested.ok, true, tested.message);

  const run = await services.runs.runCode({ code: "async function () { return connections.greeter.greet('Ada'); }", mode: 'dev' }, 'cli:tester');
  assert.equal(run.status, 'ok', JSON.stringify(run.error));
  assert.equal(run.result, 'Hej, Ada!');
});

test('a module that is not on the allowlist is refused, naming the field module', async () => {
  await assert.rejects(
    services.connections.create({ name: 'payments', type: 'npm-module', devSource: "{ module: 'stripe', args: ['k'] }" }, 'cli:tester'),
    rejectsWith('config_invalid', (error) => {
      assert.match(error.message, /"stripe" is not on this hub's module allowlist \(allowed: greeter-fixture\)/);
      assert.match(JSON.stringify(error.details), /"module"/);
    }),
  );
});
