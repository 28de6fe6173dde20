import { stat } from 'node:fs/promises';
import type SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import { onPath } from './errors.ts';
import { remotePath } from './fields.ts';

export const encoding = z
  .enum(['text', 'base64'])
  .default('text')
  .describe("How content is written: 'text' for UTF-8 text, 'base64' for any bytes (images, zip files, PDFs).");

const input = z.strictObject({
  path: remotePath.describe('File to download.'),
  encoding,
  localPath: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Stream the file to this local file instead of returning its content, for large files. For the CLI and programs only: not available inside sandboxed blocks, which cannot write files.',
    ),
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

export const get: Operation<SftpClient, typeof input> = {
  label: 'Download file',
  description: "Downloads a file and returns { path, size, content } with the content as text or base64; with localPath it streams to a local file instead.",
  input,
  localFileParams: ['localPath'],
  async run(client, params, context) {
    context.signal.throwIfAborted();
    const { path, localPath } = params;
    if (localPath !== undefined) {
      await onPath('get', path, () => client.get(path, localPath));
      return { path, size: (await stat(localPath)).size, localPath };
    }
    const data = await onPath('get', path, () => client.get(path));
    if (!Buffer.isBuffer(data)) throw new Error(`get: the SFTP client returned no data for ${path}.`);
    return { path, size: data.length, content: params.encoding === 'base64' ? data.toString('base64') : asText(data, path) };
  },
};

function asText(data: Buffer, path: string): string {
  try {
    return utf8.decode(data);
  } catch {
    throw new ZiggyError('bad_input', `get: ${path} is not UTF-8 text; use encoding: 'base64' for binary files.`, { path, field: 'encoding' });
  }
}
