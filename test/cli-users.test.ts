import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { main } from '../src/cli/main.ts';
import { startServer } from '../src/server/start.ts';
import { openServices } from '../src/service/index.ts';
import type { UserView } from '../src/service/auth-types.ts';
import { cleanEnv, expectCode, type Run } from './support/cli-runs.ts';
import { signIn } from './support/sign-in.ts';

type Stdin = PassThrough & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** Runs `main` in this process with string streams; stdin is piped `input`, or is the given stream. */
async function ziggyInProcess(args: string[], input: string | Stdin, env = cleanEnv()): Promise<Run> {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const collected = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => (collected.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (collected.stderr += chunk.toString()));
  let stdin: Stdin;
  if (typeof input === 'string') {
    stdin = new PassThrough();
    stdin.end(input);
  } else {
    stdin = input;
  }
  const code = await main(args, { stdin, stdout, stderr, env });
  return { code, ...collected };
}

/** Every file of the data dir (the database and its write-ahead log), as text, to search for a plaintext password. */
async function dataDirText(dataDir: string): Promise<string> {
  const names = await readdir(dataDir);
  const texts = await Promise.all(names.map((name) => readFile(path.join(dataDir, name), 'latin1')));
  return texts.join('\n');
}

describe('ziggy users, on a local data dir', () => {
  let root: string;
  let dataDir: string;
  const alicePassword = `alice-canary-${randomUUID()}`;
  const bobPassword = `bob-canary-${randomUUID()}`;
  const shortPassword = 'short-9f3a';
  const runs: Run[] = [];
  const local = async (args: string[], input: string | Stdin = ''): Promise<Run> => {
    const run = await ziggyInProcess(['--data-dir', dataDir, ...args], input);
    runs.push(run);
    return run;
  };
  const usersOnDisk = async (): Promise<UserView[]> => {
    const run = await local(['--json', 'users', 'ls']);
    expectCode(run, 0);
    return JSON.parse(run.stdout) as UserView[];
  };

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-users-'));
    dataDir = path.join(root, 'data');
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('adds users with a piped password and a role for both modes or one per mode', async () => {
    const alice = await local(['users', 'add', 'alice', '--role', 'editor'], `${alicePassword}\n`);
    expectCode(alice, 0);
    assert.equal(alice.stdout, 'User alice added: editor in dev and prod\n');
    const bob = await local(['--json', 'users', 'add', 'bob', '--dev-role', 'editor', '--prod-role', 'operator'], bobPassword);
    expectCode(bob, 0);
    assert.deepEqual((JSON.parse(bob.stdout) as UserView).roles, { dev: 'editor', prod: 'operator' });

    const list = await local(['users', 'ls']);
    expectCode(list, 0);
    assert.match(list.stdout, /^USERNAME +DEV +PROD +STATUS +LAST LOGIN\nalice +editor +editor +active +never\nbob +editor +operator +active +never\n$/);

    // The password is the piped text without its one trailing newline.
    const services = await openServices({ dataDir, env: {} });
    try {
      assert.equal((await services.auth.login('alice', alicePassword, '127.0.0.1')).user.username, 'alice');
      assert.equal((await services.auth.login('bob', bobPassword, '127.0.0.1')).user.username, 'bob');
    } finally {
      await services.close();
    }
  });

  test('reads the password typed on a terminal with echo off', async () => {
    const terminal: Stdin = new PassThrough();
    terminal.isTTY = true;
    const rawModes: boolean[] = [];
    terminal.setRawMode = (mode: boolean) => rawModes.push(mode);
    const typedPassword = `typed-canary-${randomUUID()}`;
    const running = local(['users', 'add', 'dora', '--role', 'viewer'], terminal);
    terminal.write(`${typedPassword}x\u007f\r`);
    const run = await running;
    expectCode(run, 0);
    assert.equal(run.stderr, 'Password for dora: \n');
    assert.deepEqual(rawModes, [true, false]);
    const services = await openServices({ dataDir, env: {} });
    try {
      assert.equal((await services.auth.login('dora', typedPassword, '127.0.0.1')).user.username, 'dora');
    } finally {
      await services.close();
    }
    assert.ok(!(run.stdout + run.stderr).includes(typedPassword));
  });

  test('changes roles in both modes or in one, the other keeping its role', async () => {
    const one = await local(['users', 'set-role', 'bob', '--prod-role', 'viewer']);
    expectCode(one, 0);
    assert.equal(one.stdout, 'User bob: editor in dev, viewer in prod\n');
    const both = await local(['--json', 'users', 'set-role', 'bob', '--role', 'operator']);
    expectCode(both, 0);
    assert.deepEqual((JSON.parse(both.stdout) as UserView).roles, { dev: 'operator', prod: 'operator' });
  });

  test('bad input exits 2 with one line naming the option, and changes nothing', async () => {
    const before = await usersOnDisk();
    const cases: Array<[args: string[], input: string, stderr: RegExp]> = [
      [['users', 'add', 'carol', '--role', 'boss'], alicePassword, /^error: option '--role <role>' argument 'boss' is invalid\. Allowed choices are admin, editor, operator, viewer\.\n$/],
      [['users', 'set-role', 'bob', '--prod-role', 'root'], '', /^error: option '--prod-role <role>' argument 'root' is invalid\./],
      [['users', 'add', 'carol'], alicePassword, /^error: A new user needs a role: give --role ROLE for both modes, or --dev-role and --prod-role/],
      [['users', 'add', 'carol', '--dev-role', 'editor'], alicePassword, /^error: --prod-role is missing: a new user needs a role in both modes, so give it with --dev-role/],
      [['users', 'add', 'carol', '--prod-role', 'viewer'], alicePassword, /^error: --dev-role is missing: /],
      [['users', 'add', 'carol', '--role', 'editor', '--dev-role', 'viewer'], alicePassword, /^error: option '--role <role>' cannot be used with option '--dev-role <role>'\n$/],
      [['users', 'add', 'Carol', '--role', 'editor'], alicePassword, /^error: Username "Carol" is not allowed/],
      [['users', 'add', 'carol', '--role', 'editor'], '', /^error: No password for carol arrived on stdin: pipe it in/],
      [['users', 'add', 'carol', '--role', 'editor'], shortPassword, /^error: The password must be at least 12 characters long\.\n$/],
      [['users', 'add', 'carol', '--role', 'editor', alicePassword], '', /^error: Do not pass the password of carol as an argument/],
      [['users', 'add', 'alice', '--role', 'viewer'], bobPassword, /^error: .*alice.* already exists/],
      [['users', 'set-role', 'nobody', '--role', 'viewer'], '', /^error: User "nobody" does not exist\.\n$/],
      [['users', 'set-role', 'bob'], '', /^error: Nothing to change: give --role ROLE for both modes, --dev-role, --prod-role or both/],
      [['users', 'rm', 'nobody'], '', /^error: User "nobody" does not exist\.\n$/],
    ];
    for (const [args, input, stderr] of cases) {
      const run = await local(args, input);
      expectCode(run, 2, args.join(' '));
      assert.match(run.stderr, stderr, args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
    }
    const json = await local(['--json', 'users', 'set-role', 'nobody', '--role', 'viewer']);
    assert.equal((JSON.parse(json.stderr) as { error: string }).error, 'user_not_found');
    assert.deepEqual(await usersOnDisk(), before);
  });

  test('deletes a user', async () => {
    const run = await local(['users', 'rm', 'dora']);
    expectCode(run, 0);
    assert.equal(run.stdout, 'User dora deleted\n');
    assert.deepEqual((await usersOnDisk()).map((user) => user.username), ['alice', 'bob']);
  });

  test('audits every change as the shell user, and no password is in any output, error, audit entry or file', async () => {
    const services = await openServices({ dataDir, env: {} });
    let audit: string;
    try {
      const entries = await services.audit.list({ entityType: 'user' });
      assert.deepEqual(
        entries.map((entry) => `${entry.action} ${entry.entityName} ${entry.actor}`).sort(),
        [
          'user.create alice cli:tester',
          'user.create bob cli:tester',
          'user.create dora cli:tester',
          'user.delete dora cli:tester',
          // The test's sign-ins, which checked the passwords.
          'user.login alice user:alice',
          'user.login bob user:bob',
          'user.login dora user:dora',
          'user.update bob cli:tester',
          'user.update bob cli:tester',
        ],
      );
      audit = JSON.stringify(entries);
    } finally {
      await services.close();
    }
    const everything = [...runs.map((run) => run.stdout + run.stderr), audit, await dataDirText(dataDir)].join('\n');
    for (const password of [alicePassword, bobPassword, shortPassword]) assert.ok(!everything.includes(password), `the password ${password} was shown or stored`);
  });
});

describe('ziggy users on a server (--server, ZIGGY_TOKEN)', () => {
  let root: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let adminToken: string;
  let editorToken: string;
  const adminPassword = `admin-${randomUUID()}`;
  const erinPassword = `erin-canary-${randomUUID()}`;
  const logLines: string[] = [];
  const runs: Run[] = [];
  const remote = async (args: string[], input = '', token = adminToken): Promise<Run> => {
    const run = await ziggyInProcess(['--server', server.url, ...args], input, cleanEnv({ ZIGGY_TOKEN: token }));
    runs.push(run);
    return run;
  };

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-users-remote-'));
    server = await startServer({
      dataDir: path.join(root, 'server-data'),
      host: '127.0.0.1',
      port: 0,
      env: { ZIGGY_ADMIN_PASSWORD: adminPassword },
      logger: { destination: { write: (line: string) => void logLines.push(line) } },
    });
    const admin = await signIn(server.url, 'admin', adminPassword);
    await admin('POST', '/api/users', { username: 'eddie', password: `eddie-${adminPassword}`, role: 'editor' });
    adminToken = ((await admin('POST', '/api/tokens', { name: 'cli' })) as { token: string }).token;
    editorToken = ((await admin('POST', '/api/tokens', { name: 'cli', username: 'eddie' })) as { token: string }).token;
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  test('adds, lists, changes and deletes users through the REST API, audited as the token\'s user', async () => {
    const added = await remote(['users', 'add', 'erin', '--dev-role', 'editor', '--prod-role', 'viewer'], `${erinPassword}\n`);
    expectCode(added, 0);
    assert.equal(added.stdout, 'User erin added: editor in dev, viewer in prod\n');
    await signIn(server.url, 'erin', erinPassword);

    const list = await remote(['--json', 'users', 'ls']);
    expectCode(list, 0);
    assert.deepEqual(
      (JSON.parse(list.stdout) as UserView[]).map((user) => `${user.username} ${user.roles.dev}/${user.roles.prod}`),
      ['admin admin/admin', 'eddie editor/editor', 'erin editor/viewer'],
    );
    const changed = await remote(['users', 'set-role', 'erin', '--dev-role', 'operator']);
    expectCode(changed, 0);
    assert.equal(changed.stdout, 'User erin: operator in dev, viewer in prod\n');
    const missing = await remote(['users', 'set-role', 'nobody', '--role', 'viewer']);
    expectCode(missing, 2);
    assert.equal(missing.stderr, 'error: User "nobody" does not exist.\n');
    const deleted = await remote(['users', 'rm', 'erin']);
    expectCode(deleted, 0);
    assert.equal(deleted.stdout, 'User erin deleted\n');

    const entries = await server.services.audit.list({ entityType: 'user', entityName: 'erin' });
    assert.deepEqual(entries.map((entry) => `${entry.action} ${entry.actor}`).sort(), [
      'user.create token:admin/cli',
      'user.delete token:admin/cli',
      'user.login user:erin',
      'user.update token:admin/cli',
    ]);
    const everything = [...runs.map((run) => run.stdout + run.stderr), JSON.stringify(entries), ...logLines].join('\n');
    assert.ok(!everything.includes(erinPassword), 'the password was shown, audited or logged');
  });

  test('needs an admin token', async () => {
    const refused = await remote(['users', 'ls'], '', editorToken);
    expectCode(refused, 2);
    assert.match(refused.stderr, /^error: This needs the "admin" permission/);
  });
});
