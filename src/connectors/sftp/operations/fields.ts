import { z } from 'zod';

export const remotePath = z
  .string()
  .min(1)
  .describe("Path on the SFTP server; a relative path starts in the login's home directory.");

export type EntryType = 'file' | 'directory' | 'link';

/** ssh2-sftp-client's one-letter types (`-`, `d`, `l`) as words. */
export function entryType(letter: string): EntryType | 'other' {
  if (letter === '-') return 'file';
  if (letter === 'd') return 'directory';
  if (letter === 'l') return 'link';
  return 'other';
}
