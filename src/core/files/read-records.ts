import { createInterface } from 'node:readline';
import { pipeline, PassThrough, Readable, type Duplex } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { ZiggyError, isZiggyError } from '../errors.ts';
import { formatFromName, type FileFormat } from './formats.ts';
import { convertCell, type ColumnType } from './typed-columns.ts';

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

/** Streams through `stages`, with a failure anywhere ending the last one with that failure. */
function through(source: Readable, stages: Duplex[]): Readable {
  const last = new PassThrough({ readableObjectMode: true, writableObjectMode: true });
  pipeline([source, ...stages, last], () => undefined);
  return last;
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

async function* csvRows(text: Readable, settings: ReadSettings): AsyncGenerator<unknown> {
  const delimiter = settings.delimiter ?? formatFromName(settings.path).delimiter ?? ',';
  const parser = through(text, [parse({ columns: settings.header, delimiter, quote: settings.quote, encoding: settings.encoding, bom: true, skip_empty_lines: true, info: true })]);
  const types = Object.entries(settings.columns ?? {});
  for await (const item of parser) {
    const { record, info }: { record: Record<string, unknown> | string[]; info: { lines: number } } = item;
    if (types.length === 0 || Array.isArray(record)) {
      yield record;
      continue;
    }
    for (const [column, type] of types) {
      if (Object.hasOwn(record, column)) record[column] = convertCell(String(record[column]), type, { path: settings.path, line: info.lines, column });
    }
    yield record;
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

/** The file's rows, read as they are consumed: never the whole file in memory. */
export async function* readRecords(raw: Readable, settings: ReadSettings): AsyncGenerator<unknown> {
  try {
    const bytes = await decompressed(raw, settings);
    if (settings.format === 'bytes') yield* byteChunks(bytes);
    else if (settings.format === 'csv') yield* csvRows(bytes, settings);
    else {
      bytes.setEncoding(settings.format === 'text' ? settings.encoding : 'utf8');
      if (settings.format === 'json') yield* jsonItems(bytes);
      else if (settings.format === 'ndjson') yield* ndjsonRows(bytes, settings.path);
      else yield* textLines(bytes);
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
