import { posix } from 'node:path';
import type SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import { onPath } from './errors.ts';
import { remotePath } from './fields.ts';

const input = z.strictObject({
  path: remotePath.describe('Directory to create.'),
  recursive: z.boolean().default(false).describe('Create missing parent directories too.'),
});

export const mkdir: Operation<SftpClient, typeof input> = {
  label: 'Create directory',
  description: 'Creates a directory; returns { path, created }, where created is false when the directory already existed.',
  input,
  async run(client, params, context) {
    context.signal.throwIfAborted();
    const { path } = params;
    const found = await onPath('mkdir', path, () => client.exists(path));
    if (found === 'd') return { path, created: false };
    if (found !== false) throw new ZiggyError('bad_input', `mkdir: ${path} already exists and is not a directory.`, { path });
    const parent = posix.dirname(path);
    if (!params.recursive && (await onPath('mkdir', parent, () => client.exists(parent))) === false) {
      throw new ZiggyError('not_found', `mkdir: the parent directory ${parent} does not exist; set recursive: true to create it too.`, { path });
    }
    await onPath('mkdir', path, () => client.mkdir(path, params.recursive));
    return { path, created: true };
  },
};
