import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { main } from '../src/cli/main.ts';
import { parseMasterKey } from '../src/secrets/index.ts';
import { openServices } from '../src/service/index.ts';
import { startPostgres, type TestPostgres } from './postgres-server.ts';
import { startSshd, type TestSshd } from './sshd.ts';
import { cleanEnv, expectCode, ziggy, type Run } from './support/cli-runs.ts';
import { postgresSource } from './support/temp-services.ts';

/** Runs the real `ziggy` launcher on `dataDir` as a fresh user would: no master key, so the CLI generates `master.key`. */
function ziggyOn(dataDir: string, args: string[], input = ''): Promise<Run> {
  return ziggy(['--data-dir', dataDir, ...args], cleanEnv(), input);
}

/** Runs `main` in this process, as the launcher does, with string streams. */
async function ziggyInProcess(dataDir: string, args: string[], input = '', env = cleanEnv()): Promise<Run> {
  const [stdin, stdout, stderr] = [new PassThrough(), new PassThrough(), new PassThrough()];
  const collected = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => (collected.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (collected.stderr += chunk.toString()));
  stdin.end(input);
  const code = await main(['--data-dir', dataDir, ...args], { stdin, stdout, stderr, env });
  return { code, ...collected };
}

describe('ziggy CLI, end to end', () => {
  let root: string;
  let dataDir: string;
  const devPassword = `canary-dev-${randomUUID()}`;
  const prodPassword = `canary-prod-${randomUUID()}`;
  /** The values the CLI stored for PG_PASSWORD, read back through the services. */
  const expectStoredPasswords = async (): Promise<void> => {
    const services = await openServices({ dataDir, env: {} });
    try {
      assert.equal(await services.secretValues.value('PG_PASSWORD', 'dev'), devPassword);
      assert.equal(await services.secretValues.value('PG_PASSWORD', 'prod'), `${prodPassword}\n`);
    } finally {
      await services.close();
    }
  };
  const file = async (name: string, text: string): Promise<string> => {
    const full = path.join(root, name);
    await writeFile(full, text);
    return full;
  };

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-'));
    dataDir = path.join(root, 'data');
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('bad usage exits 2 with one line', async () => {
    const unknown = await ziggyOn(dataDir, ['frobnicate']);
    expectCode(unknown, 2);
    assert.match(unknown.stderr, /^error: unknown command 'frobnicate'\n$/);
    const valueInArgv = await ziggyOn(dataDir, ['secrets', 'set', 'PG_PASSWORD', 'hunter2']);
    expectCode(valueInArgv, 2);
    assert.match(valueInArgv.stderr, /read from stdin so they never land in shell history/);
    assert.doesNotMatch(valueInArgv.stderr, /hunter2/);
    expectCode(await ziggyOn(dataDir, ['connections', 'test', 'x', '--mode', 'staging']), 2);
  });

  test('an internal error prints one line, and its stack only with ZIGGY_DEBUG=1', async () => {
    const env = { ...cleanEnv(), ZIGGY_MASTER_KEY: 'too-short' };
    const plain = await ziggyInProcess(dataDir, ['secrets', 'list'], '', env);
    expectCode(plain, 1);
    assert.match(plain.stderr, /^error: ZIGGY_MASTER_KEY is not a valid master key: [^\n]*\n$/);
    const debug = await ziggyInProcess(dataDir, ['secrets', 'list'], '', { ...env, ZIGGY_DEBUG: '1' });
    assert.match(debug.stderr, /^error: .*\n.*\n {4}at /);
  });

  test('start prints the first-run summary and the help', async () => {
    const run = await ziggyOn(dataDir, ['start']);
    expectCode(run, 0);
    assert.match(run.stdout, new RegExp(`data dir: +${dataDir}`));
    assert.ok(run.stdout.includes(path.join(dataDir, 'master.key')));
    assert.match(run.stdout, /without it the secrets cannot be decrypted/);
    assert.match(run.stdout, /connections: +0/);
    assert.match(run.stdout, /connection types: +.*postgres/);
    assert.match(run.stdout, /Usage: ziggy/);
  });

  test('secrets are set from stdin, one trailing newline stripped, never from argv', async () => {
    const dev = await ziggyOn(dataDir, ['secrets', 'set', 'PG_PASSWORD', '--tags', 'db,local'], `${devPassword}\n`);
    expectCode(dev, 0);
    assert.equal(dev.stdout, 'Secret PG_PASSWORD saved (dev set, prod uses dev)\n');
    expectCode(await ziggyOn(dataDir, ['secrets', 'set', 'PG_PASSWORD', '--prod'], `${prodPassword}\n\n`), 0);
    const empty = await ziggyInProcess(dataDir, ['secrets', 'set', 'EMPTY']);
    expectCode(empty, 2);
    assert.match(empty.stderr, /No value for EMPTY arrived on stdin/);

    await expectStoredPasswords();
    const list = await ziggyOn(dataDir, ['secrets', 'list']);
    expectCode(list, 0);
    assert.match(list.stdout, /PG_PASSWORD +dev, prod +- +db, local/);
    const show = await ziggyOn(dataDir, ['secrets', 'show', 'PG_PASSWORD']);
    assert.match(show.stdout, /value: +\(hidden — values are never shown\)/);
    assert.ok(!show.stdout.includes(devPassword) && !list.stdout.includes(prodPassword));
  });

  test('secrets update changes the description and tags, keeps the values and needs an option', async () => {
    const nothing = await ziggyOn(dataDir, ['secrets', 'update', 'PG_PASSWORD']);
    expectCode(nothing, 2);
    assert.match(nothing.stderr, /^error: Nothing to change: give --description, --tags or both\./);
    const updated = await ziggyOn(dataDir, ['secrets', 'update', 'PG_PASSWORD', '--description', 'Local Postgres', '--tags', 'db, pg,db']);
    expectCode(updated, 0);
    assert.equal(updated.stdout, 'Secret PG_PASSWORD updated\n');
    const view = JSON.parse((await ziggyOn(dataDir, ['secrets', 'show', 'PG_PASSWORD', '--json'])).stdout) as Record<string, unknown>;
    assert.deepEqual([view.description, view.tags, view.modes], ['Local Postgres', ['db', 'pg'], { dev: true, prod: true }]);
    const missing = await ziggyOn(dataDir, ['secrets', 'update', 'NOPE', '--tags', 'x']);
    expectCode(missing, 2);
    assert.match(missing.stderr, /Secret "NOPE" does not exist/);

    await expectStoredPasswords();
  });

  test('a syntax error in the dev file shows where, exits 2 and saves nothing', async () => {
    const broken = await file('broken.js', "{\n  host: '127.0.0.1' port: 5432\n}\n");
    const run = await ziggyOn(dataDir, ['connections', 'create', 'broken', '--type', 'postgres', '--dev-file', broken]);
    expectCode(run, 2);
    assert.match(run.stderr, /^error: .*line 2, column 20: .*comma/im);
    assert.match(run.stderr, /^2 \|   host: '127\.0\.0\.1' port: 5432\n  \| {20}\^\nhint: .+$/m);
    const list = await ziggyOn(dataDir, ['--json', 'connections', 'list']);
    expectCode(list, 0);
    assert.deepEqual(JSON.parse(list.stdout), []);
  });

  test('a config that does not fit the type lists each issue with its field', async () => {
    const invalid = await file('invalid.js', "{\n  host: '127.0.0.1',\n  port: 'not a port'\n}\n");
    const run = await ziggyOn(dataDir, ['connections', 'create', 'invalid', '--type', 'postgres', '--dev-file', invalid]);
    expectCode(run, 2);
    assert.match(run.stderr, /^error: dev config does not fit type postgres:\n {2}port: .*\(line 3, column \d+\)/m);
    assert.match(run.stderr, /^ {4}3 \|   port: 'not a port'$/m);
  });

  test('a Postgres connection is created and tested in dev and prod', async () => {
    const dev = await file('warehouse.dev.js', postgresSource({ database: 'test' }));
    const prod = await file('warehouse.prod.js', postgresSource({ database: 'postgres' }));
    const args = ['--type', 'postgres', '--dev-file', dev, '--prod-file', prod, '--tags', 'sql'];
    const created = await ziggyOn(dataDir, ['connections', 'create', 'warehouse', ...args]);
    expectCode(created, 0);
    assert.equal(created.stdout, 'Connection warehouse created (version 1)\n');
    for (const mode of ['dev', 'PROD']) {
      const run = await ziggyOn(dataDir, ['connections', 'test', 'warehouse', '--mode', mode]);
      expectCode(run, 0);
      assert.match(run.stdout, /^✓ /m);
      assert.match(run.stdout, /^ok: /m);
      assert.match(run.stdout, /serverVersion: \d+/);
      assert.doesNotMatch(run.stdout, /tested the dev config/);
    }
  });

  test('prod without its own config tests the dev config and says so', async () => {
    const dev = await file('crm-dev.js', postgresSource());
    const created = await ziggyOn(dataDir, ['connections', 'create', 'crm-dev', '--type', 'postgres', '--dev-file', '-'], await readFile(dev, 'utf8'));
    expectCode(created, 0);
    assert.match(created.stdout, /use it in code as connections\.crm_dev/);
    const run = await ziggyOn(dataDir, ['connections', 'test', 'crm-dev', '--mode', 'prod']);
    expectCode(run, 0);
    assert.match(run.stdout, /\(prod has no config of its own — tested the dev config\)/);
    const show = await ziggyOn(dataDir, ['connections', 'show', 'crm-dev']);
    assert.match(show.stdout, /^prod: \(not set — uses the dev config\)$/m);
    const list = await ziggyOn(dataDir, ['connections', 'list']);
    assert.match(list.stdout, /^crm-dev +postgres .* uses dev /m);
  });

  test('a literal in a secret field saves with a warning on stderr', async () => {
    const literal = await file('literal.js', postgresSource().replace('secrets.PG_PASSWORD', "'plain-text'"));
    const run = await ziggyOn(dataDir, ['connections', 'create', 'literal', '--type', 'postgres', '--dev-file', literal]);
    expectCode(run, 0);
    assert.match(run.stderr, /^warning: .*literal in "password".*\(line 4, column \d+\)$/m);
    expectCode(await ziggyOn(dataDir, ['connections', 'delete', 'literal']), 0);
  });

  test('a wrong port fails the test with exit 1 and points at the port field', async () => {
    const run = await ziggyOn(dataDir, ['connections', 'test', '--type', 'postgres', '--file', '-'], postgresSource({ port: 1 }));
    expectCode(run, 1);
    assert.match(run.stdout, /^✗ /m);
    assert.match(run.stdout, /^failed \[\w+\]: /m);
    assert.match(run.stdout, /^field: port/m);
    assert.match(run.stdout, /^hint: /m);
  });

  test('an update with a stale version is refused with exit 2', async () => {
    const first = await ziggyOn(dataDir, ['connections', 'update', 'warehouse', '--description', 'Main warehouse', '--version', '1']);
    expectCode(first, 0);
    assert.equal(first.stdout, 'Connection warehouse updated (version 2)\n');
    const stale = await ziggyOn(dataDir, ['connections', 'update', 'warehouse', '--description', 'Other', '--version', '1']);
    expectCode(stale, 2);
    assert.match(stale.stderr, /^error: .*changed by someone else: you sent version 1, the current version is 2/);
  });

  test('history lists revisions and restore brings one back as a new version', async () => {
    const restored = await ziggyOn(dataDir, ['connections', 'restore', 'warehouse', '1']);
    expectCode(restored, 0);
    assert.equal(restored.stdout, 'Connection warehouse restored from revision 1 (version 3)\n');
    const history = await ziggyOn(dataDir, ['connections', 'history', 'warehouse']);
    expectCode(history, 0);
    assert.match(history.stdout, /^REVISION +ACTION +AT +BY +CHANGED$/m);
    assert.match(history.stdout, /^1 +create .* cli:tester/m);
    assert.match(history.stdout, /^2 +update .* description$/m);
    assert.match(history.stdout, /^3 +restore .* restored from 1/m);
    const json = await ziggyOn(dataDir, ['connections', 'show', 'warehouse', '--json']);
    const view = JSON.parse(json.stdout) as { description: string; version: number };
    assert.deepEqual([view.description, view.version], ['', 3]);
    expectCode(await ziggyOn(dataDir, ['connections', 'restore', 'warehouse', '9']), 2);
  });

  test('--json prints the service objects', async () => {
    const connections = JSON.parse((await ziggyOn(dataDir, ['--json', 'connections', 'list'])).stdout) as Array<{ name: string; prodUsesDev: boolean }>;
    assert.deepEqual(connections.map((c) => [c.name, c.prodUsesDev]), [['crm-dev', true], ['warehouse', false]]);
    const secrets = JSON.parse((await ziggyOn(dataDir, ['secrets', 'list', '--json'])).stdout) as Array<{ name: string; usedBy: string[] }>;
    assert.deepEqual(secrets, [{ ...secrets[0], name: 'PG_PASSWORD', usedBy: ['crm-dev', 'warehouse'] }]);
    const types = JSON.parse((await ziggyOn(dataDir, ['types', '--json'])).stdout) as Array<{ id: string; example: string }>;
    assert.ok(types.some((type) => type.id === 'postgres' && type.example.includes('host')));
    const failed = await ziggyOn(dataDir, ['--json', 'connections', 'show', 'nope']);
    expectCode(failed, 2);
    assert.equal((JSON.parse(failed.stderr) as { error: string }).error, 'connection_not_found');
  });

  test('types shows each type with its example', async () => {
    const run = await ziggyInProcess(dataDir, ['types']);
    expectCode(run, 0);
    assert.match(run.stdout, /^postgres — Postgres$/m);
    assert.match(run.stdout, /^ {2}module: +pg$/m);
    assert.match(run.stdout, /^ {2}secret fields: +password\b/m);
    assert.match(run.stdout, /^ {2}example:\n {4}\{/m);
  });

  test('a secret in use is not deleted unless forced', async () => {
    const refused = await ziggyOn(dataDir, ['secrets', 'delete', 'PG_PASSWORD']);
    expectCode(refused, 2);
    assert.match(refused.stderr, /^error: .*"crm-dev", "warehouse"/);
    const forced = await ziggyOn(dataDir, ['secrets', 'delete', 'PG_PASSWORD', '--force']);
    expectCode(forced, 0);
    assert.equal(forced.stdout, 'Secret PG_PASSWORD deleted\n');
    expectCode(await ziggyOn(dataDir, ['connections', 'delete', 'crm-dev']), 0);
    expectCode(await ziggyOn(dataDir, ['connections', 'show', 'crm-dev']), 2);
  });

  test('no file in the data dir holds a secret value or the master key', async () => {
    const key = parseMasterKey(await readFile(path.join(dataDir, 'master.key'), 'utf8'));
    assert.ok(key !== undefined);
    const needles = [devPassword, prodPassword, key.toString('hex'), key.toString('base64')];
    const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile() && entry.name !== 'master.key').map((entry) => path.join(entry.parentPath, entry.name));
    assert.ok(files.length > 0);
    for (const name of files) {
      const content = (await readFile(name)).toString('latin1');
      for (const needle of needles) assert.ok(!content.includes(needle), `${name} holds a secret or the master key`);
    }
  });
});

describe('ziggy CLI with a real SFTP server', () => {
  let dataDir: string;
  let sshd: TestSshd;
  // The seed page's SFTP object, its port a string as users write it, its password a secret.
  const sftpSource = (): string => `{
    host: '${sshd.host}',
    port: '${sshd.port}',
    username: '${sshd.username}',
    password: secrets.SFTP_PASSWORD
}`;

  before(async () => {
    sshd = await startSshd();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-sftp-'));
  });
  after(async () => void (await Promise.all([sshd.stop(), rm(dataDir, { recursive: true, force: true })])));

  test('an SFTP connection tests ok in dev and prod, and a wrong password points at the password field', async () => {
    expectCode(await ziggyOn(dataDir, ['secrets', 'set', 'SFTP_PASSWORD'], `${sshd.password}\n`), 0);
    const created = await ziggyOn(dataDir, ['connections', 'create', 'files', '--type', 'sftp', '--dev-file', '-'], sftpSource());
    expectCode(created, 0);
    for (const mode of ['dev', 'prod']) expectCode(await ziggyOn(dataDir, ['connections', 'test', 'files', '--mode', mode]), 0);

    expectCode(await ziggyOn(dataDir, ['connections', 'update', 'files', '--prod-file', '-'], sftpSource()), 0);
    expectCode(await ziggyOn(dataDir, ['secrets', 'set', 'SFTP_PASSWORD', '--prod'], 'not-the-password'), 0);
    expectCode(await ziggyOn(dataDir, ['connections', 'test', 'files', '--mode', 'dev']), 0);
    const wrong = await ziggyOn(dataDir, ['connections', 'test', 'files', '--mode', 'prod']);
    expectCode(wrong, 1);
    assert.match(wrong.stdout, /^failed \[\w+\]: /m);
    assert.match(wrong.stdout, /^field: password/m);
    assert.ok(!wrong.stdout.includes(sshd.password) && !wrong.stdout.includes('not-the-password'));
  });
});

describe('ziggy CLI with a PostgreSQL server that checks passwords', () => {
  let dataDir: string;
  let server: TestPostgres;

  before(async () => {
    server = await startPostgres();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-pg-'));
  });
  after(async () => void (await Promise.all([server.stop(), rm(dataDir, { recursive: true, force: true })])));

  test('a wrong password secret fails the test on the password field without showing it; the right one passes', async () => {
    const wrongPassword = `wrong-${randomUUID()}`;
    expectCode(await ziggyOn(dataDir, ['secrets', 'set', 'PG_PASSWORD'], `${wrongPassword}\n`), 0);
    const source = postgresSource({ database: server.database, port: server.port });
    expectCode(await ziggyOn(dataDir, ['connections', 'create', 'scram', '--type', 'postgres', '--dev-file', '-'], source), 0);

    const wrong = await ziggyOn(dataDir, ['connections', 'test', 'scram']);
    expectCode(wrong, 1);
    const shown = wrong.stdout + wrong.stderr;
    assert.match(shown, /^failed \[auth_failed\]: /m);
    assert.match(shown, /^field: password \(line 4, column \d+\)$/m);
    assert.ok(!shown.includes(wrongPassword) && !shown.includes(server.password), shown);

    expectCode(await ziggyOn(dataDir, ['secrets', 'set', 'PG_PASSWORD'], `${server.password}\n`), 0);
    const right = await ziggyOn(dataDir, ['connections', 'test', 'scram']);
    expectCode(right, 0);
    assert.match(right.stdout, /^ok: /m);
    assert.ok(!(right.stdout + right.stderr).includes(server.password), right.stdout);
  });
});
