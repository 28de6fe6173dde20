import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { main } from '../src/cli/main.ts';
import { startServer } from '../src/server/start.ts';
import { openServices, type OpenedServices } from '../src/service/index.ts';
import { cleanEnv, expectCode, ziggy, type Run } from './support/cli-runs.ts';
import { principalFor } from './server/harness.ts';
import { startSshd, type TestSshd } from './sshd.ts';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function addDropConnection(services: OpenedServices, sshd: TestSshd): Promise<void> {
  await services.secrets.set({ name: 'SFTP_PASSWORD', value: sshd.password, mode: 'dev' }, 'cli:tester');
  const devSource = `{ host: '${sshd.host}', port: ${sshd.port}, username: '${sshd.username}', password: secrets.SFTP_PASSWORD }`;
  await services.connections.create({ name: 'drop', type: 'sftp', devSource }, 'cli:tester');
}

describe('ziggy files: ls, get, put, rm on an SFTP connection, here and through a server', () => {
  let root: string;
  let sshd: TestSshd;
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let operatorToken: string;
  let viewerToken: string;
  const logLines: string[] = [];
  /** 9 MB: well past the server's JSON body limit, so an upload that was buffered or base64'd would show. */
  const payload = randomBytes(9 * 1024 * 1024);

  const local = (args: string[], input = ''): Promise<Run> => ziggy(['--data-dir', dataDir, ...args], cleanEnv(), input, root);
  const remote = (args: string[], token = operatorToken): Promise<Run> =>
    ziggy(['--server', server.url, ...args], cleanEnv({ ZIGGY_TOKEN: token }), '', root);

  before(async () => {
    [sshd, root] = await Promise.all([startSshd(), mkdtemp(path.join(os.tmpdir(), 'ziggy-cli-files-'))]);
    dataDir = path.join(root, 'data');
    const services = await openServices({ dataDir, env: {} });
    try {
      await addDropConnection(services, sshd);
      await services.connections.create({ name: 'warehouse', type: 'postgres', devSource: "{ host: '127.0.0.1', database: 'test' }" }, 'cli:tester');
    } finally {
      await services.close();
    }
    server = await startServer({
      dataDir: path.join(root, 'server-data'),
      host: '127.0.0.1',
      port: 0,
      env: { ZIGGY_ADMIN_PASSWORD: `admin-${randomUUID()}` },
      logger: { destination: { write: (line: string) => void logLines.push(line) } },
    });
    const admin = principalFor('admin', 'admin');
    await addDropConnection(server.services, sshd);
    for (const [username, role] of [['olga', 'operator'], ['vera', 'viewer']] as const) {
      await server.services.users.create({ username, password: `${username}-${randomUUID()}`, roles: { dev: role, prod: role } }, admin.actor);
    }
    operatorToken = (await server.services.tokens.create(admin, { name: 'cli', username: 'olga' })).token;
    viewerToken = (await server.services.tokens.create(admin, { name: 'cli', username: 'vera' })).token;
    await writeFile(path.join(root, 'big.bin'), payload);
  });
  after(async () => {
    await server?.close();
    await Promise.all([sshd.stop(), rm(root, { recursive: true, force: true })]);
  });

  for (const where of ['local', 'remote'] as const) {
    test(`${where}: a put lands whole, a second put needs --overwrite, get brings the same bytes back, rm removes it`, async () => {
      const run = where === 'local' ? (args: string[]) => local(args) : (args: string[]) => remote(args);
      const remoteDir = `${sshd.homeDir}/${where}`;
      await rm(remoteDir, { recursive: true, force: true });
      await writeFile(path.join(root, 'mkdir-marker'), '');
      expectCode(await run(['files', 'put', 'drop', `${sshd.homeDir}/${where}.txt`, 'mkdir-marker']), 0, 'put a small file');

      const put = await run(['files', 'put', 'drop', `${sshd.homeDir}/`, 'big.bin']);
      expectCode(put, 0, 'put big.bin');
      assert.match(put.stdout, new RegExp(`Uploaded big.bin to ${sshd.homeDir}/big.bin \\(9\\.44 MB\\)`));
      // Not a terminal: plain progress lines on stderr, the last one at 100 %.
      assert.match(put.stderr, /big\.bin: 100% 9\.44 MB of 9\.44 MB, [\d.]+ [kMG]?B\/s\n$/);
      assert.equal(sha256(await readFile(path.join(sshd.homeDir, 'big.bin'))), sha256(payload));

      const again = await run(['files', 'put', 'drop', `${sshd.homeDir}/big.bin`, 'mkdir-marker']);
      expectCode(again, 2, 'put over an existing file');
      assert.match(again.stderr, /already exists.*overwrite/);
      assert.equal(sha256(await readFile(path.join(sshd.homeDir, 'big.bin'))), sha256(payload), 'the refused put changed nothing');

      const listing = await run(['--json', 'files', 'ls', 'drop', sshd.homeDir]);
      expectCode(listing, 0, 'ls --json');
      const entries = (JSON.parse(listing.stdout) as { entries: Array<{ name: string; size: number; type: string }> }).entries;
      assert.deepEqual(entries.find((entry) => entry.name === 'big.bin'), { ...entries.find((entry) => entry.name === 'big.bin'), size: payload.length, type: 'file' });
      const table = await run(['files', 'ls', 'drop', sshd.homeDir]);
      assert.match(table.stdout, /^NAME\s+SIZE\s+MODIFIED\n/);
      assert.match(table.stdout, /\nbig\.bin\s+9\.44 MB\s+\d{4}-\d\d-\d\d \d\d:\d\d\n/);

      const saved = `back-${where}.bin`;
      expectCode(await run(['files', 'get', 'drop', `${sshd.homeDir}/big.bin`, saved]), 0, 'get');
      assert.equal(sha256(await readFile(path.join(root, saved))), sha256(payload));
      const twice = await run(['files', 'get', 'drop', `${sshd.homeDir}/${where}.txt`, saved]);
      expectCode(twice, 2, 'get over an existing local file');
      assert.equal(sha256(await readFile(path.join(root, saved))), sha256(payload), 'the refused get kept the local file');
      assert.deepEqual((await readdir(root)).filter((name) => name.includes('.ziggy-')), [], 'no temporary file left here');

      expectCode(await run(['files', 'rm', 'drop', `${sshd.homeDir}/big.bin`]), 0, 'rm');
      const gone = await run(['files', 'get', 'drop', `${sshd.homeDir}/big.bin`, `gone-${where}.bin`]);
      expectCode(gone, 2, 'get of a deleted file');
      assert.match(gone.stderr, /Nothing exists at .*big\.bin on the SFTP server/);
      for (const output of [put, again, listing, table, gone]) {
        assert.ok(!output.stdout.includes(sshd.password) && !output.stderr.includes(sshd.password), 'the SFTP password never shows');
      }
    });
  }

  test('a type that holds no files, an unknown connection and a missing local file are refused plainly', async () => {
    const missing = await local(['files', 'put', 'drop', `${sshd.homeDir}/x`, 'no-such-file.bin']);
    expectCode(missing, 2);
    assert.match(missing.stderr, /no-such-file\.bin/);
    const database = await local(['files', 'ls', 'warehouse']);
    expectCode(database, 2);
    assert.match(database.stderr, /"warehouse" is of type postgres, which holds no files/);
    const unknown = await local(['files', 'ls', 'nowhere']);
    expectCode(unknown, 2);
    assert.match(unknown.stderr, /Connection "nowhere" does not exist/);
  });

  test('through the server a viewer is refused, and each upload and deletion is audited under the caller', async () => {
    const refused = await remote(['files', 'ls', 'drop', sshd.homeDir], viewerToken);
    expectCode(refused, 2);
    assert.match(refused.stderr, /needs the "run" permission/);
    await writeFile(path.join(root, 'audited.txt'), 'audited\n');
    expectCode(await remote(['files', 'put', 'drop', `${sshd.homeDir}/audited.txt`, 'audited.txt']), 0);
    expectCode(await remote(['files', 'rm', 'drop', `${sshd.homeDir}/audited.txt`]), 0);
    const entries = await server.services.audit.list({ entityName: 'drop' });
    const actions = entries.filter((entry) => entry.action.startsWith('file.')).map((entry) => [entry.action, entry.actor, entry.details.path]);
    assert.deepEqual(actions.slice(0, 2), [
      ['file.delete', 'token:olga/cli', `${sshd.homeDir}/audited.txt`],
      ['file.put', 'token:olga/cli', `${sshd.homeDir}/audited.txt`],
    ]);
    assert.ok(!logLines.join('\n').includes(sshd.password), 'the server logged no SFTP password');
  });

  test('an upload whose body breaks off leaves nothing on the server, not even a temporary file', async () => {
    const target = `${sshd.homeDir}/broken-off.bin`;
    const body = new PassThrough();
    const url = `${server.url}/api/connections/drop/files/content?path=${encodeURIComponent(target)}`;
    const sent = fetch(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/octet-stream' },
      body: body as unknown as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    body.write(randomBytes(2 * 1024 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 300));
    body.destroy(new Error('the sender went away'));
    await assert.rejects(sent);
    // The server notices the dropped request and aborts the write; give it a moment to clean up.
    for (let attempt = 0; attempt < 50; attempt++) {
      const left = (await readdir(sshd.homeDir)).filter((name) => name.includes('broken-off'));
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual((await readdir(sshd.homeDir)).filter((name) => name.includes('broken-off')), []);
  });

  test('over REST, an upload onto an existing file is answered 409 while the body is still coming, and the file is kept', async () => {
    const target = `${sshd.homeDir}/kept.txt`;
    await writeFile(target, 'kept\n');
    const response = await fetch(`${server.url}/api/connections/drop/files/content?path=${encodeURIComponent(target)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/octet-stream' },
      body: Readable.from([randomBytes(4 * 1024 * 1024), randomBytes(4 * 1024 * 1024)]) as unknown as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 409);
    assert.equal(((await response.json()) as { error: string }).error, 'file_exists');
    assert.equal(await readFile(target, 'utf8'), 'kept\n');
  });

  test('on a terminal, put shows a bar with bytes, rate and ETA', async () => {
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    const stdout = new PassThrough();
    let errText = '';
    let outText = '';
    stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));
    stdout.on('data', (chunk: Buffer) => (outText += chunk.toString()));
    const code = await main(['--data-dir', dataDir, 'files', 'put', 'drop', `${sshd.homeDir}/tty.bin`, path.join(root, 'big.bin')], {
      stdin: new PassThrough(),
      stdout,
      stderr,
      env: cleanEnv(),
    });
    assert.equal(code, 0, errText);
    assert.match(errText, /tty\.bin \[=+\] 100% \| 9\.44 MB of 9\.44 MB \| [\d.]+ [kMG]?B\/s \| ETA \d+s/);
    assert.match(outText, /Uploaded .*tty\.bin/);
  });
});
