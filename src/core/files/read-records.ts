import { createInterface } from 'node:readline';
import { pipeline, Readable, type Duplex } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { ZiggyError, isZiggyError } from '../errors.ts';
import { formatFromName, type FileFormat } from './formats.ts';
import { cellConverters, cellError, doesNotFit, type ColumnType } from './typed-columns.ts';

export interface ReadSettings {
  path: string;
  format: FileFormat;
  compression: 'auto' | 'gzip' | 'none';
  encoding: 'utf8' | 'utf16le' | 'latin1';
  delimiter: string | undefined;
  quote: string;
  header: boolean;
  columns: Record<string, ColumnType> | undefined;
}

const bytesChunk = 64 * 1024;

/** Streams through `stages`, with a failure anywhere destroying the last one with that failure. */
function through(source: Readable, stages: [Duplex, ...Duplex[]]): Readable {
  pipeline([source, ...stages], () => undefined);
  return stages[stages.length - 1] as Duplex;
}

/**
 * The items of an object stream in groups of what it holds at each moment (a parser pushes
 * every record of an input chunk at once): one wait per group rather than one per item.
 */
async function* groupsOf(stream: Readable): AsyncGenerator<unknown[]> {
  let wake: (() => void) | undefined;
  let ended = false;
  let failure: { error: unknown } | undefined;
  const wakeUp = (): void => wake?.();
  const onEnd = (): void => {
    ended = true;
    wakeUp();
  };
  const onError = (error: unknown): void => {
    failure ??= { error };
    wakeUp();
  };
  const onClose = (): void => {
    if (!ended) failure ??= { error: new Error('The stream closed before its end.') };
    wakeUp();
  };
  stream.on('readable', wakeUp);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
  try {
    for (;;) {
      if (failure !== undefined) throw failure.error;
      const group: unknown[] = [];
      for (let item = stream.read(); item !== null; item = stream.read()) group.push(item);
      if (group.length > 0) yield group;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('readable', wakeUp);
    stream.off('end', onEnd);
    stream.off('error', onError);
    stream.off('close', onClose);
    if (!ended) stream.destroy();
  }
}

/** The bytes as they are, or unzipped when gzip was asked for, is in the name, or is what they start with. */
async function decompressed(raw: Readable, settings: ReadSettings): Promise<Readable> {
  if (settings.compression === 'none') return raw;
  if (settings.compression === 'gzip' || formatFromName(settings.path).gzip) return through(raw, [createGunzip()]);
  const chunks = raw[Symbol.asyncIterator]();
  const first = await chunks.next();
  const head: Buffer | undefined = first.done === true ? undefined : Buffer.from(first.value);
  const replayed = Readable.from(
    (async function* () {
      if (head !== undefined) yield head;
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
    })(),
    { objectMode: false },
  );
  return head !== undefined && head[0] === 0x1f && head[1] === 0x8b ? through(replayed, [createGunzip()]) : replayed;
}

/** A parser's or stream's failure as a plain error about the file, keeping ours as they are. */
function aboutFile(error: unknown, path: string, format: FileFormat): unknown {
  if (isZiggyError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
    return new ZiggyError('bad_input', `${path} is not valid gzip (${message}); set compression: 'none' if it is not compressed.`, { path });
  }
  if (typeof code === 'string' && code.startsWith('CSV_')) return new ZiggyError('bad_input', `${path}: ${message}`, { path, format });
  if (format === 'json' && error instanceof Error && !('errno' in error)) {
    return new ZiggyError('bad_input', `${path} is not one JSON array of values (${message}); use format 'ndjson' for one value per line.`, { path, format });
  }
  return error;
}

async function* csvRows(text: Readable, settings: ReadSettings): AsyncGenerator<unknown[]> {
  const delimiter = settings.delimiter ?? formatFromName(settings.path).delimiter ?? ',';
  // Without a header row the records are arrays, which stay text.
  const typed = settings.header ? cellConverters(settings.columns) : [];
  // Only typed columns need each record's line, for the error about a value that does not fit.
  const parser = through(text, [parse({ columns: settings.header, delimiter, quote: settings.quote, encoding: settings.encoding, bom: true, skip_empty_lines: true, info: typed.length > 0 })]);
  if (typed.length === 0) {
    yield* groupsOf(parser);
    return;
  }
  for await (const group of groupsOf(parser)) {
    // Each { record, info } is replaced by its converted record in place.
    for (let index = 0; index < group.length; index++) {
      const { record, info } = group[index] as { record: Record<string, unknown>; info: { lines: number } };
      for (const { column, type, convert } of typed) {
        const text = record[column];
        if (typeof text !== 'string') continue;
        const value = convert(text);
        if (value === doesNotFit) throw cellError(text, type, { path: settings.path, line: info.lines, column });
        record[column] = value;
      }
      group[index] = record;
    }
    yield group;
  }
}

async function* ndjsonRows(text: Readable, path: string): AsyncGenerator<unknown> {
  let line = 0;
  for await (const content of createInterface({ input: text, crlfDelay: Infinity })) {
    line++;
    if (content.trim() === '') continue;
    try {
      yield JSON.parse(content);
    } catch (error) {
      throw new ZiggyError('bad_input', `${path}, line ${line}: not a JSON value (${error instanceof Error ? error.message : String(error)}).`, { path, line });
    }
  }
}

async function* textLines(text: Readable): AsyncGenerator<unknown> {
  let line = 0;
  for await (const content of createInterface({ input: text, crlfDelay: Infinity })) yield { line: ++line, text: content };
}

async function* byteChunks(bytes: Readable): AsyncGenerator<unknown> {
  let offset = 0;
  let pending = Buffer.alloc(0);
  for await (const chunk of bytes) {
    pending = Buffer.concat([pending, Buffer.from(chunk)]);
    while (pending.length >= bytesChunk) {
      yield { offset, base64: pending.subarray(0, bytesChunk).toString('base64') };
      offset += bytesChunk;
      pending = pending.subarray(bytesChunk);
    }
  }
  if (pending.length > 0 || offset === 0) yield { offset, base64: pending.toString('base64') };
}

async function* jsonItems(text: Readable): AsyncGenerator<unknown> {
  for await (const { value } of through(text, [streamArray.withParserAsStream()])) yield value;
}

/** Rows one at a time, as groups of one. */
async function* single(rows: AsyncGenerator<unknown>): AsyncGenerator<unknown[]> {
  for await (const row of rows) yield [row];
}

/**
 * The file's rows in groups of those parsed so far, read as they are consumed: never the whole
 * file in memory. A group is at most what one chunk of the file holds.
 */
export async function* readRecords(raw: Readable, settings: ReadSettings): AsyncGenerator<unknown[]> {
  try {
    const bytes = await decompressed(raw, settings);
    if (settings.format === 'bytes') yield* single(byteChunks(bytes));
    else if (settings.format === 'csv') yield* csvRows(bytes, settings);
    else {
      bytes.setEncoding(settings.format === 'text' ? settings.encoding : 'utf8');
      if (settings.format === 'json') yield* single(jsonItems(bytes));
      else if (settings.format === 'ndjson') yield* single(ndjsonRows(bytes, settings.path));
      else yield* single(textLines(bytes));
    }
  } catch (error) {
    throw aboutFile(error, settings.path, settings.format);
  } finally {
    // Every byte is read or no longer wanted: a late failure closing the file (an SFTP handle whose
    // session ended first) has no reader left to tell, and must not become an uncaught error.
    raw.on('error', () => undefined);
    if (!raw.readableEnded) raw.destroy();
  }
}
