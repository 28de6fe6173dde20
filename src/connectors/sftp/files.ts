import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type SftpClient from 'ssh2-sftp-client';
import { counted, type FileEntry, type FileStore, type FileStoreAdapter } from '../../core/files/index.ts';
import { isZiggyError, ZiggyError } from '../../core/index.ts';
import { sftpChannel } from './client.ts';
import { entryType } from './operations/fields.ts';
import { onPath } from './operations/errors.ts';
import { pipelinedRead, pipelinedWriteStream } from './transfer.ts';

const label = 'SFTP server';

function entry(path: string, info: { type: string; size: number; modifyTime: number }): FileEntry {
  const type = entryType(info.type) === 'directory' ? 'directory' : 'file';
  return { path, name: posix.basename(path), type, size: type === 'directory' ? 0 : info.size, modifiedAt: new Date(info.modifyTime).toISOString() };
}

async function stat(client: SftpClient, path: string): Promise<FileEntry | undefined> {
  try {
    const info = await onPath('stat', path, () => client.stat(path));
    return entry(path, { type: info.isDirectory ? 'd' : '-', size: info.size, modifyTime: info.modifyTime });
  } catch (error) {
    if (isZiggyError(error) && error.id === 'not_found') return undefined;
    throw error;
  }
}

function exists(path: string): ZiggyError {
  return new ZiggyError('file_exists', `${path} already exists on the ${label}; set overwrite: true to replace it.`, { path, field: 'overwrite' });
}

/** Moves a file into place: posix-rename replaces atomically; plain SFTP rename refuses an existing target. */
async function move(client: SftpClient, from: string, to: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await onPath('rename', to, () => client.posixRename(from, to));
    return;
  }
  if ((await stat(client, to)) !== undefined) throw exists(to);
  await onPath('rename', to, () => client.rename(from, to));
}

/** Object stores have no directories to make: a write creates the missing ones here too, so it works alike everywhere. */
async function parentDirectory(client: SftpClient, path: string): Promise<void> {
  const directory = posix.dirname(path);
  if (directory === '.' || directory === '/' || (await stat(client, directory)) !== undefined) return;
  await onPath('mkdir', directory, () => client.mkdir(directory, true));
}

/**
 * Pipes the body into a remote file; resolves once the handle is closed. A body that fails
 * midway, or an abort, fails the write and closes the handle.
 */
async function streamTo(client: SftpClient, body: Readable, path: string, flags: 'a' | 'wx', signal: AbortSignal): Promise<void> {
  const target = await pipelinedWriteStream(sftpChannel(client), path, flags).catch((error: unknown) => {
    body.destroy();
    throw error;
  });
  await pipeline(body, target, { signal });
}

function sftpFileStore(client: SftpClient): FileStore {
  return {
    label,
    canAppend: true,
    async list(directory, signal) {
      signal.throwIfAborted();
      const dir = directory.replace(/(?<=.)\/+$/, '') || '.';
      const items = await onPath('list', dir, () => client.list(dir));
      return items
        .filter((item) => item.type === '-' || item.type === 'd')
        .map((item) => entry(dir === '.' ? item.name : posix.join(dir, item.name), item))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async stat(path, signal) {
      signal.throwIfAborted();
      return stat(client, path);
    },
    async read(path, signal) {
      return onPath('read', path, () => pipelinedRead(sftpChannel(client), path, signal));
    },
    async write(path, body, options) {
      options.signal.throwIfAborted();
      const current = await stat(client, path);
      if (current?.type === 'directory') throw new ZiggyError('bad_input', `${path} is a directory on the ${label}.`, { path, field: 'path' });
      const { stream, bytes } = counted(body);
      if (options.append) {
        await parentDirectory(client, path);
        await onPath('append', path, () => streamTo(client, stream, path, 'a', options.signal));
        return { path, bytes: bytes() };
      }
      if (current !== undefined && !options.overwrite) throw exists(path);
      await parentDirectory(client, path);
      // Written beside the target under a hidden name, then renamed: a reader sees all of it or none.
      const temporary = posix.join(posix.dirname(path), `.${posix.basename(path)}.${randomBytes(6).toString('hex')}.part`);
      try {
        await onPath('write', path, () => streamTo(client, stream, temporary, 'wx', options.signal));
        options.signal.throwIfAborted();
        await move(client, temporary, path, options.overwrite);
      } catch (error) {
        await client.delete(temporary, true).catch(() => undefined);
        throw error;
      }
      return { path, bytes: bytes() };
    },
    async delete(path, signal) {
      signal.throwIfAborted();
      await onPath('delete', path, () => client.delete(path));
    },
    async rename(from, to, options) {
      options.signal.throwIfAborted();
      if ((await stat(client, from)) === undefined) throw new ZiggyError('not_found', `Nothing exists at ${from} on the ${label}.`, { path: from });
      await move(client, from, to, options.overwrite);
    },
  };
}

export const sftpFiles: FileStoreAdapter<SftpClient> = { open: (client) => sftpFileStore(client) };
