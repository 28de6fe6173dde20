import { z } from 'zod';
import { compression, csvEncoding, fileFormat } from './formats.ts';

/** The parameters File Reader and File Writer share: how the file's bytes are laid out. */
export const layoutFields = {
  format: fileFormat.optional(),
  compression,
  encoding: csvEncoding,
  delimiter: z.string().min(1).max(8).optional().describe("CSV field separator. Default: a tab for .tsv files, else ','."),
  quote: z.string().length(1).default('"').describe('CSV quote character.'),
  header: z.boolean().default(true).describe('CSV: the first row names the columns (rows are objects); false for rows as arrays.'),
};

export const filePath = z.string().min(1).max(4096);

/** The bucket or container parameter of an object store, when its adapter names one. */
export function locationField(location: { name: string; description: string } | undefined) {
  return location === undefined ? {} : { [location.name]: z.string().min(1).optional().describe(location.description) };
}

/** The bucket or container a call named, read without widening the parameters' type. */
export function locationOf(params: object, location: { name: string } | undefined): string | undefined {
  if (location === undefined) return undefined;
  const value: unknown = Reflect.get(params, location.name);
  return typeof value === 'string' ? value : undefined;
}
