import { z } from 'zod';
import type { Operation } from '../connector.ts';
import { ZiggyError } from '../errors.ts';
import { filePath, layoutFields, locationField, locationOf } from './fields.ts';
import { chosenFormat, formatFromName } from './formats.ts';
import type { FileStoreAdapter, WriteResult } from './store.ts';
import { fileBody } from './write-body.ts';

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

function writeInput(location: FileStoreAdapter<unknown>['location']) {
  return z
    .strictObject({
      path: filePath.describe('The file to write. A name ending in .gz is gzip-compressed.'),
      rows: z
        .array(z.unknown())
        .optional()
        .describe('The rows: objects (or arrays of cells) for CSV, any JSON values for json and ndjson, strings for text (one per line).'),
      content: z.string().optional().describe("The file's content as it is instead of rows: text, or base64 with format 'bytes'."),
      ...layoutFields,
      header: layoutFields.header.describe('CSV: write a first row naming the columns (not when appending to an existing file).'),
      columns: z.array(z.string().min(1)).min(1).optional().describe('CSV: the columns to write, in order. Default: every key of the rows, in the order first seen.'),
      overwrite: z.boolean().default(false).describe('Replace the file if it exists. Without it, writing to an existing file fails and the file is left as it is.'),
      append: z.boolean().default(false).describe('Add to the end of an existing file (SFTP only; object stores cannot append).'),
      ...locationField(location),
    })
    .refine((params) => (params.rows === undefined) !== (params.content === undefined), {
      message: 'Give either rows or content, not both or neither.',
      path: ['rows'],
    })
    .refine((params) => !(params.overwrite && params.append), { message: 'overwrite and append exclude each other.', path: ['append'] })
    .refine((params) => params.format !== 'bytes' || params.content === undefined || base64Text.test(params.content.replace(/\s+/g, '')), {
      message: "content is not valid base64 (letters, digits, + and /, with = padding); use format 'text' for plain text.",
      path: ['content'],
    });
}

export interface FileWriteResult extends WriteResult {
  /** Rows written; undefined when content was written as it is. */
  rows: number | undefined;
}

/** The File Writer block: rows in, a whole file out (never half of one), on any file store. */
export function fileWriteOperation<Client>(adapter: FileStoreAdapter<Client>): Operation<Client, ReturnType<typeof writeInput>, FileWriteResult> {
  return {
    label: 'File Writer',
    description:
      'Writes rows as a CSV, JSON, NDJSON or text file (or content as it is), gzip-compressed for .gz names, so that readers never see half a file; refuses to replace a file unless overwrite is set. Returns { path, bytes, rows }.',
    input: writeInput(adapter.location),
    async run(client, params, context): Promise<FileWriteResult> {
      context.signal.throwIfAborted();
      const store = adapter.open(client, locationOf(params, adapter.location));
      if (params.append && !store.canAppend) {
        throw new ZiggyError('bad_input', `append: the ${store.label} cannot add to a file; write a new file instead.`, { field: 'append' });
      }
      const format = params.content !== undefined && params.format === undefined ? 'text' : chosenFormat(params.path, params.format, 'File Writer');
      const gzip = params.compression === 'gzip' || (params.compression === 'auto' && formatFromName(params.path).gzip);
      const appendingToFile = params.append && (await store.stat(params.path, context.signal)) !== undefined;
      const layout = {
        path: params.path,
        format,
        gzip,
        encoding: params.encoding,
        delimiter: params.delimiter ?? formatFromName(params.path).delimiter ?? ',',
        quote: params.quote,
        header: params.header && !appendingToFile,
        columns: params.columns,
      };
      const source =
        params.content !== undefined ? { content: Buffer.from(params.content, format === 'bytes' ? 'base64' : params.encoding) } : { rows: params.rows ?? [] };
      const body = fileBody(source, layout);
      const written = await store.write(params.path, body, { overwrite: params.overwrite, append: params.append, signal: context.signal });
      return { ...written, rows: params.rows?.length };
    },
  };
}
