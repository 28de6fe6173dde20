import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { it } from 'node:test';
import type { FileStore } from '../../core/files/index.ts';
import { isZiggyError } from '../../core/index.ts';
import { fileHelpers, signal, type FileContractFixtures } from './fixtures.ts';

const write = (store: FileStore, path: string, content: string | Buffer, overwrite = false) =>
  store.write(path, Readable.from([Buffer.from(content)]), { overwrite, append: false, signal: signal() });

const readText = async (store: FileStore, path: string) => text(await store.read(path, signal()));

function failsWith(id: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isZiggyError(error), `expected a ZiggyError ${id}, got ${String(error)}`);
    assert.equal(error.id, id, error.message);
    return true;
  };
}

/** Bytes of a known pattern, made as they are read, so a large body is never held at once. */
function generated(totalBytes: number): { body: Readable; sha256: string } {
  const chunk = Buffer.alloc(64 * 1024);
  for (let index = 0; index < chunk.length; index++) chunk[index] = (index * 31) % 251;
  const hash = createHash('sha256');
  for (let sent = 0; sent < totalBytes; sent += chunk.length) hash.update(chunk.subarray(0, Math.min(chunk.length, totalBytes - sent)));
  const body = Readable.from(
    (function* () {
      for (let sent = 0; sent < totalBytes; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
    })(),
    { objectMode: false },
  );
  return { body, sha256: hash.digest('hex') };
}

export function storeCases<Client>(fixtures: FileContractFixtures<Client>): void {
  const { store, dir } = fileHelpers(fixtures);

  it('writes a file and reads back the same bytes; stat tells its size and time', async () => {
    const path = `${dir('write')}/hello.txt`;
    const result = await write(store(), path, 'héllo\n');
    assert.deepEqual(result, { path, bytes: Buffer.byteLength('héllo\n') });
    assert.equal(await readText(store(), path), 'héllo\n');
    const entry = await store().stat(path, signal());
    assert.equal(entry?.type, 'file');
    assert.equal(entry?.size, 7);
    assert.ok(entry?.modifiedAt !== undefined && Math.abs(Date.parse(entry.modifiedAt) - Date.now()) < 10 * 60_000, entry?.modifiedAt);
  });

  it('lists the files and directories directly in a directory, sorted by name', async () => {
    const base = dir('list');
    await write(store(), `${base}/b.csv`, 'x\n1\n');
    await write(store(), `${base}/a.txt`, 'a');
    await write(store(), `${base}/sub/c.txt`, 'c');
    const entries = await store().list(base, signal());
    assert.deepEqual(
      entries.map(({ name, type, size, path }) => ({ name, type, size, path })),
      [
        { name: 'a.txt', type: 'file', size: 1, path: `${base}/a.txt` },
        { name: 'b.csv', type: 'file', size: 4, path: `${base}/b.csv` },
        { name: 'sub', type: 'directory', size: 0, path: `${base}/sub` },
      ],
    );
    assert.deepEqual(await store().list(`${base}/`, signal()), entries);
    assert.equal((await store().stat(`${base}/sub`, signal()))?.type, 'directory');
  });

  it('refuses to replace a file unless overwrite is set, and leaves it as it was', async () => {
    const path = `${dir('overwrite')}/report.txt`;
    await write(store(), path, 'first');
    await assert.rejects(write(store(), path, 'second'), failsWith('file_exists'));
    assert.equal(await readText(store(), path), 'first');
    await write(store(), path, 'second', true);
    assert.equal(await readText(store(), path), 'second');
  });

  it('leaves nothing behind when the body fails midway, so no reader sees half a file', async () => {
    const base = dir('atomic');
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(256 * 1024, 1);
        throw new Error('the source broke');
      })(),
      { objectMode: false },
    );
    await assert.rejects(store().write(`${base}/half.bin`, failing, { overwrite: false, append: false, signal: signal() }), /the source broke/);
    assert.equal(await store().stat(`${base}/half.bin`, signal()), undefined);
    const left = await store().list(base, signal()).catch((error: unknown) => (isZiggyError(error) && error.id === 'not_found' ? [] : Promise.reject(error)));
    assert.deepEqual(left, []);
  });

  it('streams a multi-megabyte file through in both directions intact', async () => {
    const path = `${dir('large')}/big.bin`;
    const size = 6 * 1024 * 1024 + 123;
    const { body, sha256 } = generated(size);
    assert.equal((await store().write(path, body, { overwrite: false, append: false, signal: signal() })).bytes, size);
    const hash = createHash('sha256');
    let read = 0;
    for await (const chunk of await store().read(path, signal())) {
      hash.update(chunk);
      read += chunk.length;
    }
    assert.equal(read, size);
    assert.equal(hash.digest('hex'), sha256);
  });

  it('says not_found for a missing file, and stat says nothing is there', async () => {
    const path = `${dir('missing')}/nothing.txt`;
    await assert.rejects(async () => readText(store(), path), failsWith('not_found'));
    assert.equal(await store().stat(path, signal()), undefined);
    await assert.rejects(store().delete(path, signal()), failsWith('not_found'));
  });

  it('deletes a file', async () => {
    const path = `${dir('delete')}/gone.txt`;
    await write(store(), path, 'x');
    await store().delete(path, signal());
    assert.equal(await store().stat(path, signal()), undefined);
  });

  it('renames a file, refusing to replace an existing target unless overwrite is set', async () => {
    const base = dir('rename');
    await write(store(), `${base}/from.txt`, 'moved');
    await write(store(), `${base}/taken.txt`, 'kept');
    await assert.rejects(store().rename(`${base}/from.txt`, `${base}/taken.txt`, { overwrite: false, signal: signal() }), failsWith('file_exists'));
    assert.equal(await readText(store(), `${base}/taken.txt`), 'kept');
    await store().rename(`${base}/from.txt`, `${base}/to.txt`, { overwrite: false, signal: signal() });
    assert.equal(await store().stat(`${base}/from.txt`, signal()), undefined);
    assert.equal(await readText(store(), `${base}/to.txt`), 'moved');
    await store().rename(`${base}/to.txt`, `${base}/taken.txt`, { overwrite: true, signal: signal() });
    assert.equal(await readText(store(), `${base}/taken.txt`), 'moved');
  });

  it('stats the root as a directory, also in a store that holds nothing', async () => {
    const { empty } = fixtures;
    const root = empty === undefined ? store() : fixtures.adapter.open(empty.client(), empty.location);
    // `/` as a caller writes it, `.` as a glob's directory (`*.csv`) comes.
    for (const path of ['/', '.']) assert.equal((await root.stat(path, signal()))?.type, 'directory', `stat ${path}`);
    if (empty !== undefined) assert.deepEqual(await root.list('/', signal()), []);
  });
}
