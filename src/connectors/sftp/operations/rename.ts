import type SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import { onPath } from './errors.ts';
import { remotePath } from './fields.ts';

const input = z.strictObject({
  from: remotePath.describe('Current path of the file or directory.'),
  to: remotePath.describe('New path; it must not exist yet. Moving into another directory works on the same server.'),
});

export const rename: Operation<SftpClient, typeof input> = {
  label: 'Rename or move',
  description: 'Renames or moves a file or directory; returns { from, to }. An existing target is refused, never overwritten.',
  input,
  async run(client, params, context) {
    context.signal.throwIfAborted();
    const { from, to } = params;
    // SFTP's rename refuses an existing target with a bare "Failure"; say why instead.
    if ((await onPath('rename', to, () => client.exists(to))) !== false) {
      throw new ZiggyError('bad_input', `rename: ${to} already exists on the SFTP server; delete it first or choose another name.`, { path: to });
    }
    await onPath('rename', from, () => client.rename(from, to));
    return { from, to };
  },
};
