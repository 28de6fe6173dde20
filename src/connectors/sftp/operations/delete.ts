import type SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import { onPath } from './errors.ts';
import { entryType, remotePath } from './fields.ts';

const input = z.strictObject({
  path: remotePath.describe('File, link or empty directory to delete. A directory that still holds entries is refused.'),
});

export const deletePath: Operation<SftpClient, typeof input> = {
  label: 'Delete',
  description: 'Deletes a file or link, or an empty directory; returns { path, type } of what was deleted. A missing path is an error.',
  input,
  async run(client, params, context) {
    context.signal.throwIfAborted();
    const { path } = params;
    const found = await onPath('delete', path, () => client.exists(path));
    if (found === false) throw new ZiggyError('not_found', `delete: nothing exists at ${path} on the SFTP server.`, { path });
    if (found === 'd') {
      // Never recursive: a block deleting a whole tree by accident is not worth the convenience.
      if ((await onPath('delete', path, () => client.list(path))).length > 0) {
        throw new ZiggyError('bad_input', `delete: the directory ${path} is not empty; delete its entries first.`, { path });
      }
      await onPath('delete', path, () => client.rmdir(path, false));
    } else {
      await onPath('delete', path, () => client.delete(path));
    }
    return { path, type: entryType(found) };
  },
};
