import { pipeline, PassThrough, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { stringify } from 'csv-stringify';
import { ZiggyError } from '../errors.ts';
import type { FileFormat } from './formats.ts';

export interface WriteLayout {
  path: string;
  format: FileFormat;
  gzip: boolean;
  encoding: 'utf8' | 'utf16le' | 'latin1';
  delimiter: string;
  quote: string;
  header: boolean;
  /** CSV columns in order; default: every key of the rows, in the order first seen. */
  columns: string[] | undefined;
}

/** The CSV columns of object rows: every key, in the order first seen. */
function columnsOf(rows: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    if (typeof row === 'object' && row !== null && !Array.isArray(row)) for (const key of Object.keys(row)) seen.add(key);
  }
  return [...seen];
}

function checkCsvRows(rows: readonly unknown[], path: string): void {
  const index = rows.findIndex((row) => typeof row !== 'object' || row === null);
  if (index !== -1) {
    throw new ZiggyError('bad_input', `rows[${index}]: a CSV row is an object (or an array of cells), not ${row(rows[index])}; for ${path}.`, { field: `rows.${index}` });
  }
}

function row(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function csvText(rows: readonly unknown[], layout: WriteLayout): Readable {
  checkCsvRows(rows, layout.path);
  const objects = rows.some((entry) => !Array.isArray(entry));
  const columns = layout.columns ?? (objects ? columnsOf(rows) : undefined);
  const writer = stringify({
    header: layout.header && columns !== undefined,
    columns,
    delimiter: layout.delimiter,
    quote: layout.quote,
    cast: { date: (value) => value.toISOString(), boolean: (value) => String(value), object: (value) => JSON.stringify(value) },
  });
  const out = new PassThrough();
  pipeline([Readable.from(rows), writer, out], () => undefined);
  if (layout.encoding === 'utf8') return out;
  // The stringifier writes UTF-8; decoding it whole-character first keeps a split character intact.
  out.setEncoding('utf8');
  return encoded(out, layout.encoding);
}

async function* jsonText(rows: readonly unknown[]): AsyncGenerator<string> {
  yield '[';
  for (const [index, value] of rows.entries()) yield `${index === 0 ? '\n' : ',\n'}${JSON.stringify(value) ?? 'null'}`;
  yield rows.length === 0 ? ']\n' : '\n]\n';
}

async function* ndjsonText(rows: readonly unknown[]): AsyncGenerator<string> {
  for (const value of rows) yield `${JSON.stringify(value) ?? 'null'}\n`;
}

async function* textLines(rows: readonly unknown[]): AsyncGenerator<string> {
  for (const [index, value] of rows.entries()) {
    if (typeof value !== 'string') throw new ZiggyError('bad_input', `rows[${index}]: a text file's rows are strings (one per line), not ${row(value)}.`, { field: `rows.${index}` });
    yield `${value}\n`;
  }
}

function encoded(lines: AsyncIterable<string>, encoding: WriteLayout['encoding']): Readable {
  return Readable.from(
    (async function* () {
      for await (const text of lines) yield Buffer.from(text, encoding);
    })(),
    { objectMode: false },
  );
}

/** The file's bytes for the rows (or the given content), streamed and gzip-compressed when asked. */
export function fileBody(source: { rows: readonly unknown[] } | { content: Buffer }, layout: WriteLayout): Readable {
  let plain: Readable;
  if ('content' in source) plain = Readable.from([source.content], { objectMode: false });
  else if (layout.format === 'csv') plain = csvText(source.rows, layout);
  else if (layout.format === 'json') plain = encoded(jsonText(source.rows), 'utf8');
  else if (layout.format === 'ndjson') plain = encoded(ndjsonText(source.rows), 'utf8');
  else if (layout.format === 'text') plain = encoded(textLines(source.rows), layout.encoding);
  else throw new ZiggyError('bad_input', `rows: a bytes file is written from content (base64), not rows; for ${layout.path}.`, { field: 'rows' });
  if (!layout.gzip) return plain;
  const out = new PassThrough();
  pipeline([plain, createGzip(), out], () => undefined);
  return out;
}
