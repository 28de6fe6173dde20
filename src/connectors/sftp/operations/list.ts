import type SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import { onPath } from './errors.ts';
import { entryType, remotePath, type EntryType } from './fields.ts';
import { matchesGlob } from '../../../core/files/index.ts';

const input = z.strictObject({
  path: remotePath.describe("Directory to list; a relative path starts in the login's home directory."),
  pattern: z
    .string()
    .min(1)
    .optional()
    .describe('Keep only names matching this pattern: * any characters, ? one character, e.g. *.csv or report-????.txt (case-sensitive).'),
});

export interface ListEntry {
  name: string;
  /** `other` for sockets, pipes and devices, which SFTP servers seldom show. */
  type: EntryType | 'other';
  size: number;
  /** ISO 8601, to the second (SFTP keeps no finer time). */
  modifiedAt: string;
}

export const list: Operation<SftpClient, typeof input> = {
  label: 'List directory',
  description: 'Lists the entries of a directory (name, type, size, modifiedAt), sorted by name, optionally only those matching a pattern.',
  input,
  async run(client, params, context): Promise<ListEntry[]> {
    context.signal.throwIfAborted();
    const pattern = params.pattern;
    const filter = pattern === undefined ? undefined : (item: SftpClient.FileInfo) => matchesGlob(pattern, item.name);
    const items = await onPath('list', params.path, () => client.list(params.path, filter));
    return items
      .map((item) => ({ name: item.name, type: entryType(item.type), size: item.size, modifiedAt: new Date(item.modifyTime).toISOString() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  },
};
