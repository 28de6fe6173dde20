import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type SftpClient from 'ssh2-sftp-client';
import { startSshd, type TestSshd } from '../../../../test/sshd.ts';
import { rejectsWith } from '../../../../test/support/rejects-with.ts';
import type { Operation } from '../../../core/index.ts';
import sftp from '../index.ts';
import { sftpSchema } from '../schema.ts';
import { deletePath, exists, get, list, mkdir, put, rename } from './index.ts';

// A real OpenSSH server with password login; startSshd fails loudly if sshd is missing.
let server: TestSshd;
let client: SftpClient;
let work: string;
let local: string;

before(async () => {
  server = await startSshd();
  const { host, port, username, password } = server;
  client = await sftp.createClient(sftpSchema.parse({ host, port, username, password }));
  work = `ops-${randomBytes(3).toString('hex')}`;
  await client.mkdir(work);
  local = await mkdtemp(path.join(os.tmpdir(), 'ziggy-sftp-ops-'));
});
after(async () => {
  await sftp.closeClient(client);
  await server.stop();
  await rm(local, { recursive: true, force: true });
});

function run(operation: Operation<SftpClient>, params: unknown): Promise<unknown> {
  return operation.run(client, operation.input.parse(params), { signal: new AbortController().signal, log: () => undefined });
}

/** The same path seen directly on this machine's disk, behind the server. */
const onDisk = (relative: string): string => path.join(server.homeDir, work, relative);

test('put then get round-trips UTF-8 text; size counts bytes', async () => {
  const content = 'naïve café ✓\nsecond line\n';
  assert.deepEqual(await run(put, { path: `${work}/note.txt`, content }), { path: `${work}/note.txt`, size: Buffer.byteLength(content) });
  assert.equal(await readFile(onDisk('note.txt'), 'utf8'), content);
  assert.deepEqual(await run(get, { path: `${work}/note.txt` }), { path: `${work}/note.txt`, size: Buffer.byteLength(content), content });
});

test('binary content round-trips through base64 byte for byte', async () => {
  const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, index) => index)), randomBytes(70_000)]);
  await run(put, { path: `${work}/blob.bin`, content: bytes.toString('base64'), encoding: 'base64' });
  assert.ok((await readFile(onDisk('blob.bin'))).equals(bytes));
  const result = (await run(get, { path: `${work}/blob.bin`, encoding: 'base64' })) as { size: number; content: string };
  assert.equal(result.size, bytes.length);
  assert.ok(Buffer.from(result.content, 'base64').equals(bytes));
  await assert.rejects(run(get, { path: `${work}/blob.bin` }), rejectsWith('bad_input', /not UTF-8 text; use encoding: 'base64'/));
});

test('content that is not base64 is refused by the input schema', () => {
  const result = put.input.safeParse({ path: 'x', content: 'not base64!', encoding: 'base64' });
  assert.deepEqual(result.error?.issues[0]?.path, ['content']);
});

test('get with localPath streams the file to a local file', async () => {
  const bytes = randomBytes(300_000);
  await run(put, { path: `${work}/large.bin`, content: bytes.toString('base64'), encoding: 'base64' });
  const target = path.join(local, 'large.bin');
  assert.deepEqual(await run(get, { path: `${work}/large.bin`, localPath: target }), { path: `${work}/large.bin`, size: bytes.length, localPath: target });
  assert.ok((await readFile(target)).equals(bytes));
});

test('a missing file is not_found; put into a missing directory says to set mkdirs', async () => {
  await assert.rejects(run(get, { path: `${work}/absent.txt` }), rejectsWith('not_found', /nothing exists at .*absent\.txt/));
  await assert.rejects(run(put, { path: `${work}/no/such/dir/a.txt`, content: 'x' }), rejectsWith('not_found', /set mkdirs: true/));
  await run(put, { path: `${work}/made/by/put/a.txt`, content: 'x', mkdirs: true });
  assert.equal(await readFile(onDisk('made/by/put/a.txt'), 'utf8'), 'x');
});

test('list returns sorted entries with type, size and modifiedAt, filtered by a glob pattern', async () => {
  await run(mkdir, { path: `${work}/listing` });
  await run(put, { path: `${work}/listing/b.csv`, content: 'id\n1\n' });
  await run(put, { path: `${work}/listing/a.csv`, content: 'id\n' });
  await run(put, { path: `${work}/listing/a.csv.bak`, content: '' });
  await run(mkdir, { path: `${work}/listing/sub.csv` });
  await symlink('a.csv', onDisk('listing/link.csv'));
  const modified = new Date('2024-03-01T12:34:56Z');
  await utimes(onDisk('listing/a.csv'), modified, modified);
  const entries = (await run(list, { path: `${work}/listing`, pattern: '*.csv' })) as Array<{ name: string; type: string; size: number; modifiedAt: string }>;
  assert.deepEqual(
    entries.map(({ name, type }) => [name, type]),
    [
      ['a.csv', 'file'],
      ['b.csv', 'file'],
      ['link.csv', 'link'],
      ['sub.csv', 'directory'],
    ],
  );
  assert.deepEqual(entries[0], { name: 'a.csv', type: 'file', size: 3, modifiedAt: '2024-03-01T12:34:56.000Z' });
  assert.equal((await run(list, { path: `${work}/listing` }) as unknown[]).length, 5);
  await assert.rejects(run(list, { path: `${work}/nowhere` }), rejectsWith('not_found', /nowhere/));
  await assert.rejects(run(list, { path: '/root' }), rejectsWith('bad_input', /denied permission for \/root/));
});

test('exists tells false, file, directory or link', async () => {
  await run(put, { path: `${work}/here.txt`, content: 'x' });
  await symlink('here.txt', onDisk('here-link'));
  assert.equal(await run(exists, { path: `${work}/missing` }), false);
  assert.equal(await run(exists, { path: `${work}/here.txt` }), 'file');
  assert.equal(await run(exists, { path: work }), 'directory');
  assert.equal(await run(exists, { path: `${work}/here-link` }), 'link');
});

test('mkdir creates, reports an existing directory, creates parents when recursive, and refuses a file', async () => {
  assert.deepEqual(await run(mkdir, { path: `${work}/new` }), { path: `${work}/new`, created: true });
  assert.deepEqual(await run(mkdir, { path: `${work}/new` }), { path: `${work}/new`, created: false });
  await assert.rejects(run(mkdir, { path: `${work}/deep/er/dir` }), rejectsWith('not_found', /parent directory .*deep\/er does not exist; set recursive: true/));
  assert.deepEqual(await run(mkdir, { path: `${work}/deep/er/dir`, recursive: true }), { path: `${work}/deep/er/dir`, created: true });
  assert.equal(await run(exists, { path: `${work}/deep/er/dir` }), 'directory');
  await run(put, { path: `${work}/plain.txt`, content: 'x' });
  await assert.rejects(run(mkdir, { path: `${work}/plain.txt` }), rejectsWith('bad_input', /already exists and is not a directory/));
});

test('rename moves a file, refuses an existing target and names a missing source', async () => {
  await run(put, { path: `${work}/old.txt`, content: 'moved' });
  await run(mkdir, { path: `${work}/archive` });
  assert.deepEqual(await run(rename, { from: `${work}/old.txt`, to: `${work}/archive/new.txt` }), { from: `${work}/old.txt`, to: `${work}/archive/new.txt` });
  assert.equal(await run(exists, { path: `${work}/old.txt` }), false);
  assert.equal(await readFile(onDisk('archive/new.txt'), 'utf8'), 'moved');
  await run(put, { path: `${work}/other.txt`, content: 'other' });
  await assert.rejects(run(rename, { from: `${work}/other.txt`, to: `${work}/archive/new.txt` }), rejectsWith('bad_input', /already exists/));
  assert.equal(await readFile(onDisk('archive/new.txt'), 'utf8'), 'moved');
  await assert.rejects(run(rename, { from: `${work}/ghost.txt`, to: `${work}/ghost2.txt` }), rejectsWith('not_found', /ghost\.txt/));
});

test('delete removes a file, a link (not its target) and an empty directory; refuses a full one and a missing path', async () => {
  await run(put, { path: `${work}/del/target.txt`, content: 'x', mkdirs: true });
  await symlink('target.txt', onDisk('del/link'));
  assert.deepEqual(await run(deletePath, { path: `${work}/del/link` }), { path: `${work}/del/link`, type: 'link' });
  assert.equal(await run(exists, { path: `${work}/del/target.txt` }), 'file');
  await assert.rejects(run(deletePath, { path: `${work}/del` }), rejectsWith('bad_input', /directory .*del is not empty/));
  assert.deepEqual(await run(deletePath, { path: `${work}/del/target.txt` }), { path: `${work}/del/target.txt`, type: 'file' });
  assert.deepEqual(await run(deletePath, { path: `${work}/del` }), { path: `${work}/del`, type: 'directory' });
  assert.equal(await run(exists, { path: `${work}/del` }), false);
  await assert.rejects(run(deletePath, { path: `${work}/del` }), rejectsWith('not_found', /nothing exists at/));
});
