import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chown, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, afterEach, before, describe, it, mock } from 'node:test';
import type { SFTPWrapper } from 'ssh2';
import type SftpClient from 'ssh2-sftp-client';
import { startSshd, type TestSshd } from '../../../test/sshd.ts';
import { sftpChannel } from './client.ts';
import { sftpFiles } from './files.ts';
import sftp from './index.ts';
import { sftpSchema } from './schema.ts';
import { pipelinedRead, pipelinedWriteStream, type TransferWindow } from './transfer.ts';

// The real OpenSSH server; files are made and checked in the test user's home directory.
let server: TestSshd;
let client: SftpClient;
let channel: SFTPWrapper;

before(async () => {
  server = await startSshd();
  const { host, port, username, password } = server;
  client = await sftp.createClient(sftpSchema.parse({ host, port, username, password }));
  channel = sftpChannel(client);
});
after(async () => {
  await sftp.closeClient(client);
  await server.stop();
});
afterEach(() => mock.restoreAll());

const small: TransferWindow = { chunkBytes: 1000, requests: 8 };
const signal = (): AbortSignal => new AbortController().signal;

/** Bytes that differ at every offset within a 251-byte cycle, so a chunk out of place shows. */
function pattern(bytes: number): Buffer {
  const data = Buffer.alloc(bytes);
  for (let index = 0; index < bytes; index++) data[index] = (index * 7 + (index >> 8)) % 251;
  return data;
}

/** A file in the test user's home, owned by that user (this process may be root). */
async function remoteFile(name: string, content: Buffer): Promise<string> {
  const file = path.join(server.homeDir, name);
  await writeFile(file, content);
  const home = await stat(server.homeDir);
  await chown(file, home.uid, home.gid);
  return name;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Counts READs or WRITEs on the wire at once, passing each on to ssh2 (with `change` applied to its arguments). */
function inFlight(method: 'read' | 'write', change?: (args: unknown[]) => void): { peak: () => number; peakBytes: () => number; calls: () => number } {
  const original = channel[method].bind(channel) as (...args: unknown[]) => void;
  let now = 0;
  let nowBytes = 0;
  let peak = 0;
  let peakBytes = 0;
  let calls = 0;
  mock.method(channel, method, (...args: unknown[]) => {
    calls++;
    const length = args[3] as number;
    peak = Math.max(peak, ++now);
    peakBytes = Math.max(peakBytes, (nowBytes += length));
    change?.(args);
    const callback = args[5] as (...results: unknown[]) => void;
    args[5] = (...results: unknown[]) => {
      now--;
      nowBytes -= length;
      callback(...results);
    };
    original(...args);
  });
  return { peak: () => peak, peakBytes: () => peakBytes, calls: () => calls };
}

/** Records the handles the stream opens and the ones it closes. */
function handles(): { opened: Buffer[]; closed: Buffer[] } {
  const open = channel.open.bind(channel) as (...args: unknown[]) => void;
  const close = channel.close.bind(channel);
  const seen = { opened: [] as Buffer[], closed: [] as Buffer[] };
  mock.method(channel, 'open', (...args: unknown[]) => {
    const callback = args[args.length - 1] as (error: Error | undefined, handle: Buffer) => void;
    args[args.length - 1] = (error: Error | undefined, handle: Buffer) => {
      if (!error) seen.opened.push(handle);
      callback(error, handle);
    };
    open(...args);
  });
  mock.method(channel, 'close', (handle: Buffer, callback: (error: Error | null | undefined) => void) => {
    seen.closed.push(handle);
    close(handle, callback);
  });
  return seen;
}

/** Whether the server still knows the handle: a READ on a closed one is refused. */
function serverKnows(handle: Buffer): Promise<boolean> {
  return new Promise((resolve) => channel.read(handle, Buffer.alloc(1), 0, 1, 0, (error) => resolve(error === undefined || error === null)));
}

describe('pipelined SFTP reads', () => {
  it('delivers every byte in file order across many chunks, with several READs outstanding', async () => {
    const content = pattern(300_123);
    const name = await remoteFile(`order-${randomBytes(3).toString('hex')}.bin`, content);
    const reads = inFlight('read');
    assert.deepEqual(await collect(await pipelinedRead(channel, name, signal(), small)), content);
    assert.ok(reads.peak() > 1 && reads.peak() <= small.requests, `peak ${reads.peak()} READs outstanding`);
  });

  it('keeps file order when answers come back out of order and short', async () => {
    const content = pattern(60_321);
    const name = await remoteFile(`shuffled-${randomBytes(3).toString('hex')}.bin`, content);
    // Each READ of a whole chunk asks the server for a third of it, and every answer is held a varying time.
    const reads = inFlight('read', (args) => {
      const position = args[4] as number;
      if (args[3] === small.chunkBytes) args[3] = Math.floor(small.chunkBytes / 3);
      const callback = args[5] as (...results: unknown[]) => void;
      args[5] = (...results: unknown[]) => setTimeout(() => callback(...results), (position / small.chunkBytes) % 4);
    });
    assert.deepEqual(await collect(await pipelinedRead(channel, name, signal(), small)), content);
    assert.ok(reads.calls() > Math.ceil(content.length / small.chunkBytes), 'the short answers were completed by further READs');
  });

  it('closes the handle when the consumer stops early, before the end of the file', async () => {
    const name = await remoteFile(`early-${randomBytes(3).toString('hex')}.bin`, pattern(2_000_000));
    const seen = handles();
    const stream = await pipelinedRead(channel, name, signal(), small);
    for await (const chunk of stream) {
      assert.ok((chunk as Buffer).length > 0);
      break;
    }
    // The break destroys the stream; it closes once the server has closed the handle.
    if (!stream.closed) await new Promise((resolve) => stream.once('close', resolve));
    assert.equal(seen.opened.length, 1);
    assert.deepEqual(seen.closed, seen.opened);
    assert.equal(await serverKnows(seen.opened[0] as Buffer), false);
  });

  it('closes the handle before it ends, and on an abort fails with the abort', async () => {
    const name = await remoteFile(`abort-read-${randomBytes(3).toString('hex')}.bin`, pattern(2_000_000));
    const seen = handles();
    assert.equal((await collect(await pipelinedRead(channel, name, signal(), small))).length, 2_000_000);
    assert.deepEqual(seen.closed, seen.opened);

    const controller = new AbortController();
    const stream = await pipelinedRead(channel, name, controller.signal, small);
    stream.once('data', () => controller.abort());
    await assert.rejects(collect(stream), { name: 'AbortError' });
    assert.equal(seen.opened.length, 2);
    assert.deepEqual(seen.closed, seen.opened);
    assert.equal(await serverKnows(seen.opened[1] as Buffer), false);
  });

  it('says not_found through the store for a missing file, with no handle left open', async () => {
    const seen = handles();
    await assert.rejects(sftpFiles.open(client, undefined).read('no-such-file.bin', signal()), { id: 'not_found' });
    assert.deepEqual(seen.opened, []);
  });
});

describe('pipelined SFTP writes', () => {
  it('writes many chunks in order with several WRITEs outstanding, never more bytes than the window', async () => {
    const content = pattern(250_777);
    const name = `written-${randomBytes(3).toString('hex')}.bin`;
    const writes = inFlight('write');
    // Chunks of uneven sizes, some larger than one WRITE, so they are split and joined again.
    const pieces = [1, 999, 1000, 1001, 4500, 77].flatMap((size) => Array.from({ length: 40 }, () => size));
    const chunks: Buffer[] = [];
    for (let offset = 0, index = 0; offset < content.length; index++) {
      const size = pieces[index % pieces.length] as number;
      chunks.push(content.subarray(offset, offset + size));
      offset += size;
    }
    await pipeline(Readable.from(chunks), await pipelinedWriteStream(channel, name, 'wx', small));
    assert.deepEqual(await readFile(path.join(server.homeDir, name)), content);
    assert.ok(writes.peak() > 1, `peak ${writes.peak()} WRITEs outstanding`);
    assert.ok(writes.peakBytes() <= small.requests * small.chunkBytes, `peak ${writes.peakBytes()} bytes outstanding`);
  });

  it('appends at the end of the existing file', async () => {
    const name = await remoteFile(`append-${randomBytes(3).toString('hex')}.bin`, Buffer.from('head:'));
    const tail = pattern(10_500);
    await pipeline(Readable.from([tail]), await pipelinedWriteStream(channel, name, 'a', small));
    assert.deepEqual(await readFile(path.join(server.homeDir, name)), Buffer.concat([Buffer.from('head:'), tail]));
  });

  it('an abort midway through a store write fails it, closes the handle and leaves no file behind', async () => {
    const directory = `abort-write-${randomBytes(3).toString('hex')}`;
    const seen = handles();
    const controller = new AbortController();
    let sent = 0;
    const endless = Readable.from(
      (async function* () {
        for (;;) {
          sent += 65_536;
          if (sent > 4 * 65_536) controller.abort();
          yield Buffer.alloc(65_536, 7);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
      { objectMode: false },
    );
    await assert.rejects(
      sftpFiles.open(client, undefined).write(`${directory}/target.bin`, endless, { overwrite: false, append: false, signal: controller.signal }),
      { name: 'AbortError' },
    );
    assert.equal(seen.opened.length, 1);
    assert.deepEqual(seen.closed, seen.opened);
    assert.deepEqual(await readdir(path.join(server.homeDir, directory)), []);
    assert.ok(endless.destroyed, 'the body is no longer read');
  });
});
