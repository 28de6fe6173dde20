import { addAbortSignal, Readable, Writable } from 'node:stream';
import type { SFTPWrapper } from 'ssh2';

/**
 * How much a stream keeps outstanding at once: up to `requests` READs of `chunkBytes`, or WRITEs
 * of up to `chunkBytes` holding at most `requests × chunkBytes` in all. ssh2's own streams wait
 * for each answer before the next request, so one round trip per chunk bounds their rate;
 * OpenSSH's `sftp` keeps 64 requests in flight. 8 × 254 KB (ssh2's largest single request to
 * OpenSSH) fills the 2 MB channel window ssh2 grants the server; on loopback it got 250–260 MB/s
 * where 32 × 64 KB got 180–210, because the cost is per request, in this process. A server that
 * is not OpenSSH gets requests of about 31 KB from ssh2, which sends the parts of a larger one
 * one after another: still 8 in flight.
 */
export interface TransferWindow {
  chunkBytes: number;
  requests: number;
}

export const defaultWindow: TransferWindow = { chunkBytes: 254 * 1024, requests: 8 };

/** Whether each channel seen here has ended: ssh2 queues a request on an ended one forever, so no close is sent there. */
const channelEnded = new WeakMap<SFTPWrapper, { ended: boolean }>();

function channelOpen(sftp: SFTPWrapper): boolean {
  let state = channelEnded.get(sftp);
  if (state === undefined) {
    const tracked = { ended: false };
    const ended = (): void => void (tracked.ended = true);
    sftp.once('end', ended);
    sftp.once('close', ended);
    channelEnded.set(sftp, tracked);
    state = tracked;
  }
  return !state.ended;
}

export function openHandle(sftp: SFTPWrapper, path: string, flags: 'r' | 'wx' | 'a'): Promise<Buffer> {
  // Starts watching the channel before the handle exists, so its close later knows whether to send.
  channelOpen(sftp);
  return new Promise((resolve, reject) => sftp.open(path, flags, (error, handle) => (error ? reject(error) : resolve(handle))));
}

function closeHandle(sftp: SFTPWrapper, handle: Buffer, done: (error: Error | null) => void): void {
  if (!channelOpen(sftp)) {
    done(null);
    return;
  }
  sftp.close(handle, (error) => done(error ?? null));
}

function handleSize(sftp: SFTPWrapper, handle: Buffer): Promise<number> {
  return new Promise((resolve, reject) => sftp.fstat(handle, (error, stats) => (error ? reject(error) : resolve(stats.size))));
}

interface PendingRead {
  position: number;
  length: number;
  buffer: Buffer;
  settled: boolean;
  bytes: number;
  error: Error | undefined;
}

/**
 * A file's bytes from an open handle, in order, with up to `window.requests` READs outstanding.
 * Answers may come in any order; each waits in the queue until those before it are delivered.
 * The handle is closed before the end is signalled, and on destroy (an error, an abort, or a
 * consumer that stops early).
 */
class PipelinedReadStream extends Readable {
  readonly #sftp: SFTPWrapper;
  readonly #window: TransferWindow;
  #handle: Buffer | undefined;
  readonly #queue: PendingRead[] = [];
  #nextPosition = 0;
  /** A READ came back empty: the end of the file is known, no more are sent. */
  #atEnd = false;
  /** The consumer's buffer has room: results are pushed and more READs sent. */
  #wanted = false;

  constructor(sftp: SFTPWrapper, handle: Buffer, window: TransferWindow) {
    super({ highWaterMark: window.chunkBytes });
    this.#sftp = sftp;
    this.#handle = handle;
    this.#window = window;
  }

  override _read(): void {
    this.#wanted = true;
    this.#deliver();
  }

  #request(position: number, length: number): PendingRead {
    const pending: PendingRead = { position, length, buffer: Buffer.allocUnsafe(length), settled: false, bytes: 0, error: undefined };
    const handle = this.#handle;
    if (handle === undefined) throw new Error('The SFTP read stream has no open handle.');
    this.#sftp.read(handle, pending.buffer, 0, length, position, (error, bytes) => {
      pending.settled = true;
      pending.error = error ?? undefined;
      pending.bytes = bytes;
      if (!this.destroyed) this.#deliver();
    });
    return pending;
  }

  #fill(): void {
    while (!this.#atEnd && this.#queue.length < this.#window.requests) {
      this.#queue.push(this.#request(this.#nextPosition, this.#window.chunkBytes));
      this.#nextPosition += this.#window.chunkBytes;
    }
  }

  /** Pushes the settled answers at the head of the queue in file order, then tops the window up. */
  #deliver(): void {
    while (this.#wanted && this.#queue[0]?.settled === true) {
      const head = this.#queue.shift() as PendingRead;
      if (head.error !== undefined) {
        this.destroy(head.error);
        return;
      }
      if (head.bytes === 0) {
        this.#end();
        return;
      }
      // A short answer before the end: the rest of that chunk is asked for before anything after it.
      if (head.bytes < head.length) this.#queue.unshift(this.#request(head.position + head.bytes, head.length - head.bytes));
      this.#wanted = this.push(head.buffer.subarray(0, head.bytes));
    }
    if (this.#wanted) this.#fill();
  }

  #end(): void {
    this.#atEnd = true;
    this.#queue.length = 0;
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle === undefined) return;
    closeHandle(this.#sftp, handle, (error) => {
      if (error !== null) this.destroy(error);
      else this.push(null);
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.#handle;
    this.#handle = undefined;
    this.#queue.length = 0;
    if (handle === undefined) {
      callback(error);
      return;
    }
    closeHandle(this.#sftp, handle, (closeError) => callback(error ?? closeError));
  }
}

/**
 * Writes what is piped into it at increasing offsets of an open handle, in WRITEs of at most
 * `window.chunkBytes` holding at most `window.requests × window.chunkBytes` unanswered bytes: a
 * chunk is accepted once all of it is sent, and its pieces are sent only as answers free room,
 * which is the backpressure. Finishing waits for every answer and closes the handle; destroying
 * closes it too.
 */
class PipelinedWriteStream extends Writable {
  readonly #sftp: SFTPWrapper;
  readonly #window: TransferWindow;
  #handle: Buffer | undefined;
  #position: number;
  readonly #limit: number;
  /** Sent and not yet answered. */
  #outstanding = 0;
  #outstandingBytes = 0;
  #failure: Error | undefined;
  /** The chunk being sent, from `offset` on, and the callback that accepts it. */
  #sending: { chunk: Buffer; offset: number; callback: (error?: Error | null) => void } | undefined;
  /** Set by final: called once the last answer is in. */
  #finishing: ((error?: Error | null) => void) | undefined;

  constructor(sftp: SFTPWrapper, handle: Buffer, startPosition: number, window: TransferWindow) {
    super({ highWaterMark: window.chunkBytes });
    this.#sftp = sftp;
    this.#handle = handle;
    this.#position = startPosition;
    this.#window = window;
    this.#limit = window.requests * window.chunkBytes;
  }

  #answered(length: number, error: Error | undefined | null): void {
    this.#outstanding--;
    this.#outstandingBytes -= length;
    if (error && this.#failure === undefined) this.#failure = error;
    if (this.destroyed) return;
    this.#pump();
    if (this.#finishing !== undefined && (this.#outstanding === 0 || this.#failure !== undefined)) this.#finish();
  }

  /** Sends pieces of the current chunk while the window has room; accepts it when all are sent. */
  #pump(): void {
    const sending = this.#sending;
    const handle = this.#handle;
    if (sending === undefined) return;
    if (this.#failure !== undefined || handle === undefined) {
      this.#sending = undefined;
      sending.callback(this.#failure ?? new Error('The SFTP write stream has no open handle.'));
      return;
    }
    while (sending.offset < sending.chunk.length) {
      const length = Math.min(this.#window.chunkBytes, sending.chunk.length - sending.offset);
      if (this.#outstandingBytes + length > this.#limit) break;
      this.#outstanding++;
      this.#outstandingBytes += length;
      // ssh2 copies the bytes into its packet before returning, so nothing holds the chunk after this.
      this.#sftp.write(handle, sending.chunk, sending.offset, length, this.#position, (error) => this.#answered(length, error));
      sending.offset += length;
      this.#position += length;
    }
    if (sending.offset === sending.chunk.length) {
      this.#sending = undefined;
      sending.callback();
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#sending = { chunk, offset: 0, callback };
    this.#pump();
  }

  /** Chunks that queued up while the window was full go out joined, in as few WRITEs as fit: the cost is per request. */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.#sending = { chunk: chunks.length === 1 ? (chunks[0] as { chunk: Buffer }).chunk : Buffer.concat(chunks.map(({ chunk }) => chunk)), offset: 0, callback };
    this.#pump();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#finishing = callback;
    if (this.#outstanding === 0 || this.#failure !== undefined) this.#finish();
  }

  #finish(): void {
    const callback = this.#finishing;
    const handle = this.#handle;
    this.#finishing = undefined;
    if (callback === undefined) return;
    if (this.#failure !== undefined || handle === undefined) {
      callback(this.#failure ?? new Error('The SFTP write stream has no open handle.'));
      return;
    }
    this.#handle = undefined;
    closeHandle(this.#sftp, handle, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#sending = undefined;
    this.#finishing = undefined;
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle === undefined) {
      callback(error);
      return;
    }
    closeHandle(this.#sftp, handle, (closeError) => callback(error ?? closeError));
  }
}

/** Opens `path` and streams its bytes with pipelined READs; the signal destroys the stream (and so closes the handle). */
export async function pipelinedRead(sftp: SFTPWrapper, path: string, signal: AbortSignal, window: TransferWindow = defaultWindow): Promise<Readable> {
  signal.throwIfAborted();
  const handle = await openHandle(sftp, path, 'r');
  return addAbortSignal(signal, new PipelinedReadStream(sftp, handle, window));
}

/**
 * A writable stream into `path`, opened with `flags` ('wx' makes a new file, 'a' adds to its end:
 * SFTP writes name their offset, so an append starts at the size the open handle reports).
 */
export async function pipelinedWriteStream(sftp: SFTPWrapper, path: string, flags: 'wx' | 'a', window: TransferWindow = defaultWindow): Promise<Writable> {
  const handle = await openHandle(sftp, path, flags);
  let start = 0;
  if (flags === 'a') {
    try {
      start = await handleSize(sftp, handle);
    } catch (error) {
      await new Promise<void>((resolve) => closeHandle(sftp, handle, () => resolve()));
      throw error;
    }
  }
  return new PipelinedWriteStream(sftp, handle, start, window);
}
