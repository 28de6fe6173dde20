import type SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import { onPath } from './errors.ts';
import { entryType, remotePath } from './fields.ts';

const input = z.strictObject({ path: remotePath.describe('Path to look for; a link is reported as a link, not followed.') });

export const exists: Operation<SftpClient, typeof input> = {
  label: 'Exists',
  description: "Says whether a path exists and what it is: false, 'file', 'directory' or 'link'.",
  input,
  async run(client, params, context) {
    context.signal.throwIfAborted();
    const found = await onPath('exists', params.path, () => client.exists(params.path));
    return found === false ? false : entryType(found);
  },
};
