import { z } from 'zod';
import { mode, timestamp } from './common.ts';

export const fileEntry = z.object({
  path: z.string().describe('The full path in the store'),
  name: z.string(),
  type: z.enum(['file', 'directory']),
  size: z.number().describe('Bytes; 0 for a directory'),
  modifiedAt: timestamp.optional().describe("Absent for an object store's directory, which is only a shared key prefix"),
});

export const fileListing = z.object({
  connection: z.string(),
  mode,
  label: z.string().describe('Where the entries are: SFTP server, S3 bucket reports'),
  path: z.string(),
  entries: z.array(fileEntry),
});

export const writeResult = z.object({ path: z.string(), bytes: z.number() });
