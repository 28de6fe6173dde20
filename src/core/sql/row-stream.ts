import type { Readable } from 'node:stream';
import type { Row } from './dialect.ts';

/**
 * A promise that rejects once the connection is destroyed (an abort), so that every wait on
 * the server ends at once, and the function that rejects it.
 */
export function closeSignal(): { closed: Promise<never>; close: (reason: Error) => void } {
  let close: (reason: Error) => void = () => undefined;
  const closed = new Promise<never>((_, reject) => {
    close = reject;
  });
  closed.catch(() => undefined);
  return { closed, close };
}

/**
 * A driver's object-mode stream of rows, read a batch at a time. The stream's own buffer stops
 * the driver fetching while it is full, so memory stays bounded by the batch.
 */
export class RowStreamReader {
  readonly stream: Readable;
  #ended = false;
  #failure: unknown;

  constructor(stream: Readable) {
    this.stream = stream;
    stream.on('end', () => (this.#ended = true)).on('error', (error) => (this.#failure = error));
  }

  /** Every row was read (or the stream ended otherwise): nothing is left to stop. */
  get finished(): boolean {
    return this.#ended || this.stream.readableEnded;
  }

  /** Up to `count` more rows; fewer when the stream ends. A destroyed connection ends the wait with `closed`. */
  async read(count: number, closed: Promise<never>): Promise<Row[]> {
    const rows: Row[] = [];
    while (rows.length < count) {
      if (this.#failure !== undefined) throw this.#failure;
      const row: Row | null = this.stream.read();
      if (row !== null) {
        rows.push(row);
        continue;
      }
      if (this.finished) break;
      await Promise.race([this.#more(), closed]);
    }
    return rows;
  }

  #more(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('readable', done).off('end', done).off('error', done);
        resolve();
      };
      this.stream.on('readable', done).on('end', done).on('error', done);
    });
  }
}
