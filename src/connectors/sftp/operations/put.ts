import { posix } from 'node:path';
import type SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import { isZiggyError, ZiggyError, type Operation } from '../../../core/index.ts';
import { onPath } from './errors.ts';
import { remotePath } from './fields.ts';
import { encoding } from './get.ts';

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

const input = z
  .strictObject({
    path: remotePath.describe('File to write; an existing file is replaced.'),
    content: z.string().describe("The file's content: text, or base64 when encoding is 'base64'."),
    encoding,
    mkdirs: z.boolean().default(false).describe('Create missing parent directories first.'),
  })
  .refine((params) => params.encoding !== 'base64' || base64Text.test(params.content.replace(/\s+/g, '')), {
    message: "content is not valid base64 (letters, digits, + and /, with = padding); use encoding 'text' for plain text.",
    path: ['content'],
  });

export const put: Operation<SftpClient, typeof input> = {
  label: 'Upload file',
  description: 'Writes content (text or base64) to a file on the server, replacing it if it exists; returns { path, size } with size in bytes.',
  input,
  async run(client, params, context) {
    context.signal.throwIfAborted();
    const data = params.encoding === 'base64' ? Buffer.from(params.content, 'base64') : Buffer.from(params.content, 'utf8');
    const directory = posix.dirname(params.path);
    if (params.mkdirs && directory !== '.' && directory !== '/') {
      await onPath('put', directory, () => client.mkdir(directory, true));
    }
    try {
      await onPath('put', params.path, () => client.put(data, params.path));
    } catch (error) {
      if (!isZiggyError(error) || error.id !== 'not_found') throw error;
      throw new ZiggyError('not_found', `put: the directory ${directory} does not exist on the SFTP server; set mkdirs: true to create it.`, {
        path: params.path,
      });
    }
    return { path: params.path, size: data.length };
  },
};
