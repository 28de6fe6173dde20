import { posix } from 'node:path';
import { z } from 'zod';
import { ZiggyError } from '../errors.ts';

export const fileFormat = z
  .enum(['csv', 'json', 'ndjson', 'text', 'bytes'])
  .describe(
    "csv (a header row names the columns), json (one array of objects), ndjson (one JSON value per line), text (one row per line), bytes (base64 chunks). Default: from the file name (.csv, .tsv, .json, .ndjson or .jsonl, .txt or .log).",
  );
export type FileFormat = z.output<typeof fileFormat>;

export const compression = z
  .enum(['auto', 'gzip', 'none'])
  .default('auto')
  .describe("auto: gzip when the name ends in .gz (and, when reading, when the bytes start as gzip does); gzip or none to say so.");

export const csvEncoding = z.enum(['utf8', 'utf16le', 'latin1']).default('utf8').describe('Character encoding of the CSV text.');

/** What a file name says about its content: `orders.csv.gz` is gzip-compressed CSV. */
export interface NamedFormat {
  format: FileFormat | undefined;
  gzip: boolean;
  /** `.tsv` files are tab-separated. */
  delimiter: string | undefined;
}

const byExtension: Record<string, { format: FileFormat; delimiter?: string }> = {
  '.csv': { format: 'csv' },
  '.tsv': { format: 'csv', delimiter: '\t' },
  '.json': { format: 'json' },
  '.ndjson': { format: 'ndjson' },
  '.jsonl': { format: 'ndjson' },
  '.txt': { format: 'text' },
  '.log': { format: 'text' },
};

export function formatFromName(path: string): NamedFormat {
  const name = posix.basename(path).toLowerCase();
  const gzip = name.endsWith('.gz');
  const known = byExtension[posix.extname(gzip ? name.slice(0, -3) : name)];
  return { format: known?.format, gzip, delimiter: known?.delimiter };
}

/** The format to use: the one asked for, else the name's, else a clear refusal. */
export function chosenFormat(path: string, asked: FileFormat | undefined, field: string): FileFormat {
  const format = asked ?? formatFromName(path).format;
  if (format === undefined) {
    throw new ZiggyError('bad_input', `${field}: cannot tell the format of ${path} from its name; set format to csv, json, ndjson, text or bytes.`, {
      path,
      field: 'format',
    });
  }
  return format;
}
