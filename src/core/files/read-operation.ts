import { z } from 'zod';
import type { Operation, OperationContext } from '../connector.ts';
import { ZiggyError } from '../errors.ts';
import { filePath, layoutFields, locationField, locationOf } from './fields.ts';
import { chosenFormat } from './formats.ts';
import { readRecords, type ReadSettings } from './read-records.ts';
import { filesToRead } from './resolve-paths.ts';
import type { FileEntry, FileStore, FileStoreAdapter } from './store.ts';
import { columnTypes } from './typed-columns.ts';

/** Without batchSize every row is held at once: past this many, batches are the way. */
const defaultMaxRows = 100_000;

function readInput(location: FileStoreAdapter<unknown>['location']) {
  return z
    .strictObject({
      path: filePath.describe('A file; a directory ending in / for every file in it; or a pattern in the last part (drops/*.csv) for the matching files, in name order.'),
      ...layoutFields,
      columns: columnTypes,
      batchSize: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .describe('Stream the rows as outputs of at most this many rows each, { file, batch, rows }, reading one batch at a time: memory stays bounded for any file size. A batch never spans two files.'),
      maxBatches: z.number().int().min(1).optional().describe('With batchSize: stop after this many batches (the files are closed then).'),
      maxRows: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(defaultMaxRows)
        .describe(`Without batchSize: refuse files of more rows than this (default ${defaultMaxRows.toLocaleString('en')}) rather than hold them all.`),
      ...locationField(location),
    })
    .refine((params) => params.maxBatches === undefined || params.batchSize !== undefined, {
      message: 'maxBatches counts batches, so it needs batchSize.',
      path: ['maxBatches'],
    });
}

type ReadParams = z.output<ReturnType<typeof readInput>>;

export interface FileBatch {
  file: FileEntry;
  /** Counted from 1 within the file. */
  batch: number;
  rows: unknown[];
}

export interface FileReadResult {
  files: Array<FileEntry & { rows: number }>;
  rows: unknown[];
  rowCount: number;
}

function settingsFor(file: FileEntry, params: ReadParams): ReadSettings {
  return {
    path: file.path,
    format: chosenFormat(file.path, params.format, 'File Reader'),
    compression: params.compression,
    encoding: params.encoding,
    delimiter: params.delimiter,
    quote: params.quote,
    header: params.header,
    columns: params.columns,
  };
}

async function* batches(store: FileStore, files: FileEntry[], params: ReadParams, batchSize: number, signal: AbortSignal): AsyncGenerator<FileBatch> {
  let sent = 0;
  for (const file of files) {
    let rows: unknown[] = [];
    let batch = 0;
    for await (const group of readRecords(await store.read(file.path, signal), settingsFor(file, params))) {
      for (const row of group) {
        rows.push(row);
        if (rows.length < batchSize) continue;
        yield { file, batch: ++batch, rows };
        rows = [];
        if (params.maxBatches !== undefined && ++sent >= params.maxBatches) return;
      }
    }
    if (rows.length > 0 || batch === 0) {
      yield { file, batch: ++batch, rows };
      if (params.maxBatches !== undefined && ++sent >= params.maxBatches) return;
    }
  }
}

async function readAll(store: FileStore, files: FileEntry[], params: ReadParams, context: OperationContext): Promise<FileReadResult> {
  const rows: unknown[] = [];
  const summaries: FileReadResult['files'] = [];
  for (const file of files) {
    const before = rows.length;
    for await (const group of readRecords(await store.read(file.path, context.signal), settingsFor(file, params))) {
      if (rows.length + group.length > params.maxRows) {
        throw new ZiggyError('bad_input', `File Reader: ${file.path} has more than ${params.maxRows} rows in all; set batchSize to stream them in batches.`, {
          path: file.path,
          field: 'batchSize',
        });
      }
      rows.push(...group);
    }
    summaries.push({ ...file, rows: rows.length - before });
  }
  return { files: summaries, rows, rowCount: rows.length };
}

/** The File Reader block: CSV, JSON, NDJSON, text or bytes from any file store, whole or in batches. */
export function fileReadOperation<Client>(adapter: FileStoreAdapter<Client>): Operation<Client, ReturnType<typeof readInput>, FileReadResult | AsyncIterable<FileBatch>> {
  return {
    label: 'File Reader',
    description:
      'Reads one file, a directory or the files matching a pattern as rows (CSV, JSON, NDJSON, text lines or byte chunks, gzip detected) and returns { files, rows, rowCount }; with batchSize it streams { file, batch, rows } outputs with bounded memory.',
    input: readInput(adapter.location),
    async run(client, params, context): Promise<FileReadResult | AsyncIterable<FileBatch>> {
      const store = adapter.open(client, locationOf(params, adapter.location));
      const files = await filesToRead(store, params.path, context.signal);
      if (files.length === 0) context.log(`No file matches ${params.path}.`);
      for (const file of files) chosenFormat(file.path, params.format, 'File Reader');
      if (params.batchSize !== undefined) return batches(store, files, params, params.batchSize, context.signal);
      return readAll(store, files, params, context);
    },
  };
}
