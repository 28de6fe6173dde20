import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../src/server/start.ts';
import { cleanEnv, expectCode, ziggy } from './support/cli-runs.ts';
import { signIn } from './support/sign-in.ts';

// The done-when of issue 15: the example connector package installed through the CLI, then used by a server started after the install.

const repoRoot = path.resolve(import.meta.dirname, '..');
const packageName = 'ziggy-connector-twilio';

interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  close(): Promise<void>;
}

function nodeTest(file: string, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // Without the parent's NODE_TEST_CONTEXT, the child runs its file as a test run of its own.
    const { NODE_TEST_CONTEXT: _parent, ...env } = cleanEnv();
    const child = spawn(process.execPath, ['--test', file], { cwd, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('a connector package as a plugin: ziggy plugins add, then a server started after it', () => {
  let root: string;
  let dataDir: string;
  let fake: FakeTwilio;
  let server: Awaited<ReturnType<typeof startServer>>;
  let admin: Awaited<ReturnType<typeof signIn>>;
  const adminPassword = `admin-${process.pid}-pw`;
  const local = (args: string[]) => ziggy(['--data-dir', dataDir, ...args], cleanEnv(), '', repoRoot);

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-plugins-'));
    dataDir = path.join(root, 'data');
    // Plain JavaScript of the example package, typed here by what the test uses.
    const fakeModule = path.join(repoRoot, 'examples/connector-twilio/test/fake-twilio.js');
    fake = await ((await import(fakeModule)) as { startFakeTwilio(): Promise<FakeTwilio> }).startFakeTwilio();
  });
  after(async () => {
    await server?.close();
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('ziggy plugins add ./examples/connector-twilio installs it; ziggy types and plugins ls list it', async () => {
    const added = await local(['plugins', 'add', './examples/connector-twilio']);
    expectCode(added, 0, 'plugins add');
    assert.match(added.stdout, /ziggy-connector-twilio 0\.1\.0 installed as connection type twilio/);

    const types = await local(['types', '--json']);
    expectCode(types, 0, 'types');
    const twilio = (JSON.parse(types.stdout) as Array<{ id: string; secretFields: string[] }>).find((type) => type.id === 'twilio');
    assert.deepEqual(twilio?.secretFields, ['authToken']);

    const listed = await local(['plugins', 'ls', '--json']);
    expectCode(listed, 0, 'plugins ls');
    const [plugin] = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    assert.equal(plugin?.['name'], packageName);
    assert.equal(plugin?.['version'], '0.1.0');
    assert.equal(plugin?.['type'], 'twilio');
    assert.equal(plugin?.['status'], 'loaded');
    assert.equal(plugin?.['spec'], path.join(repoRoot, 'examples/connector-twilio'), 'a local folder is recorded as an absolute path');

    const again = await local(['plugins', 'add', './examples/connector-twilio']);
    expectCode(again, 2, 'plugins add twice');
    assert.match(again.stderr, /already installed/);
  });

  test("the installed package passes its own tests: the exported contract suite against its fake", async () => {
    const installed = path.join(dataDir, 'plugins', 'node_modules', packageName);
    const run = await nodeTest('test/twilio.test.js', installed);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /connector contract: twilio/);
  });

  test('a server started after the install lists the type, tests a connection against the fake, and a block gets the SDK client', async () => {
    server = await startServer({ dataDir, host: '127.0.0.1', port: 0, env: { ZIGGY_ADMIN_PASSWORD: adminPassword }, logger: { destination: { write: () => undefined } } });
    assert.deepEqual(server.services.pluginLoad.failures, []);
    admin = await signIn(server.url, 'admin', adminPassword);

    const ids = ((await admin('GET', '/api/types')) as { types: Array<{ id: string }> }).types.map((type) => type.id);
    assert.ok(ids.includes('twilio'), ids.join(', '));

    await admin('PUT', '/api/secrets/TWILIO_AUTH_TOKEN', { value: fake.authToken });
    const devSource = `{ accountSid: '${fake.accountSid}', authToken: secrets.TWILIO_AUTH_TOKEN, baseUrl: '${fake.url}' }`;
    await admin('POST', '/api/connections', { name: 'sms', type: 'twilio', devSource });
    const tested = (await admin('POST', '/api/connections/sms/test', { mode: 'dev' })) as { ok: boolean; message: string };
    assert.equal(tested.ok, true, tested.message);
    assert.match(tested.message, /Fake Account/);

    const code = `async function () {
      const account = await connections.sms.api.v2010.accounts('${fake.accountSid}').fetch();
      return { name: account.friendlyName, status: account.status };
    }`;
    const run = (await admin('POST', '/api/blocks/run', { code, mode: 'dev' })) as { status: string; result: unknown; error?: { message: string } };
    assert.equal(run.status, 'ok', run.error?.message);
    assert.deepEqual(run.result, { name: 'Fake Account', status: 'active' });
    assert.ok(!JSON.stringify(run).includes(fake.authToken));
  });

  test('over REST an admin lists, adds and removes plugins, each change audited; a plugin in use is kept', async () => {
    const listed = (await admin('GET', '/api/plugins')) as { plugins: Array<{ name: string; status: string }> };
    assert.deepEqual(listed.plugins.map((plugin) => [plugin.name, plugin.status]), [[packageName, 'loaded']]);

    const fixture = path.join(repoRoot, 'test/fixtures/npm-module-greeter');
    const allowed = (await admin('POST', '/api/plugins', { spec: fixture, kind: 'module' })) as { name: string; kind: string; status: string };
    assert.deepEqual([allowed.name, allowed.kind, allowed.status], ['greeter-fixture', 'module', 'pending']);

    const { token } = (await admin('POST', '/api/tokens', { name: 'admin-cli', username: 'admin' })) as { token: string };
    const inUse = await fetch(`${server.url}/api/plugins/${packageName}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    assert.equal(inUse.status, 409);
    assert.equal(((await inUse.json()) as { error: string }).error, 'plugin_in_use');

    await admin('DELETE', '/api/plugins/greeter-fixture');
    const after = (await admin('GET', '/api/plugins')) as { plugins: Array<{ name: string }> };
    assert.deepEqual(after.plugins.map((plugin) => plugin.name), [packageName]);

    const audit = (await admin('GET', '/api/audit?entityName=plugins')) as { entries: Array<{ action: string; details: { name: string } }> };
    assert.deepEqual(
      audit.entries.map((entry) => `${entry.action} ${entry.details.name}`).sort(),
      ['plugin.add greeter-fixture', `plugin.add ${packageName}`, 'plugin.remove greeter-fixture'],
    );
  });

  test('a user who is not an admin can neither list nor add nor remove plugins', async () => {
    await admin('POST', '/api/users', { username: 'eddie', password: `eddie-${adminPassword}`, role: 'editor' });
    const { token } = (await admin('POST', '/api/tokens', { name: 'cli', username: 'eddie' })) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/plugins'],
      ['POST', '/api/plugins', { spec: './examples/connector-twilio' }],
      ['DELETE', `/api/plugins/${packageName}`],
    ];
    for (const [method, url, body] of calls) {
      const response = await fetch(`${server.url}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      assert.equal(response.status, 403, `${method} ${url}`);
    }
    const remote = await ziggy(['--server', server.url, 'plugins', 'ls'], cleanEnv({ ZIGGY_TOKEN: token }));
    expectCode(remote, 2, 'plugins ls as an editor');
  });
});

