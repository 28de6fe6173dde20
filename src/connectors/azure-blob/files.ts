import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { ContainerClient, RestError, type BlobServiceClient } from '@azure/storage-blob';
import { counted, keyPrefixOf, type FileEntry, type FileStore, type FileStoreAdapter } from '../../core/files/index.ts';
import { ZiggyError } from '../../core/index.ts';
import type { AzureBlobClient } from './client.ts';

const uploadBufferBytes = 4 * 1024 * 1024;
const uploadConcurrency = 4;

function nameOf(path: string): string {
  return path.replace(/^\/+/, '');
}

/** Azure's refusals as plain errors about the container or blob; anything else passes through. */
function azureFailure(error: unknown, container: string, blob: string): unknown {
  if (!(error instanceof RestError)) return error;
  if (error.code === 'ContainerNotFound') return new ZiggyError('bad_input', `The Azure container ${container} does not exist.`, { container, field: 'container' });
  if (error.code === 'BlobAlreadyExists' || error.statusCode === 409) {
    return new ZiggyError('file_exists', `${blob} already exists in the Azure container ${container}; set overwrite: true to replace it.`, { path: blob, field: 'overwrite' });
  }
  if (error.statusCode === 404) return new ZiggyError('not_found', `Nothing exists at ${blob} in the Azure container ${container}.`, { container, path: blob });
  if (error.statusCode === 403) return new ZiggyError('forbidden', `Azure denied access to ${container}/${blob} (${error.code ?? 'forbidden'}).`, { container, path: blob });
  return error;
}

function azureFileStore(container: ContainerClient): FileStore {
  const label = `Azure container ${container.containerName}`;
  const on = async <T>(blob: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw azureFailure(error, container.containerName, blob);
    }
  };
  async function stat(path: string, signal: AbortSignal): Promise<FileEntry | undefined> {
    const name = nameOf(path);
    const directory: FileEntry = { path: name, name: posix.basename(name), type: 'directory', size: 0 };
    const firstBlob = () => on(name, () => container.listBlobsFlat({ prefix: keyPrefixOf(name), abortSignal: signal }).byPage({ maxPageSize: 1 }).next());
    if (keyPrefixOf(name) === '') {
      // The root is a directory even in an empty container; listing it still fails on a missing container or a refused key.
      await firstBlob();
      return directory;
    }
    try {
      const properties = await container.getBlobClient(name).getProperties({ abortSignal: signal });
      return { path: name, name: posix.basename(name), type: 'file', size: properties.contentLength ?? 0, modifiedAt: (properties.lastModified ?? new Date(0)).toISOString() };
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 404 && error.code !== 'ContainerNotFound')) throw azureFailure(error, container.containerName, name);
    }
    const page = await firstBlob();
    return page.done !== true && page.value.segment.blobItems.length > 0 ? directory : undefined;
  }
  return {
    label,
    canAppend: false,
    async list(directory, signal) {
      const prefix = keyPrefixOf(directory);
      const entries: FileEntry[] = [];
      await on(prefix, async () => {
        for await (const item of container.listBlobsByHierarchy('/', { prefix, abortSignal: signal })) {
          if (item.kind === 'prefix') {
            const path = item.name.replace(/\/$/, '');
            entries.push({ path, name: posix.basename(path), type: 'directory', size: 0 });
          } else {
            entries.push({ path: item.name, name: posix.basename(item.name), type: 'file', size: item.properties.contentLength ?? 0, modifiedAt: item.properties.lastModified.toISOString() });
          }
        }
      });
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    stat,
    async read(path, signal) {
      const name = nameOf(path);
      const download = await on(name, () => container.getBlobClient(name).download(0, undefined, { abortSignal: signal }));
      const body = download.readableStreamBody;
      if (body === undefined) throw new Error(`Azure returned no body for ${name}.`);
      return body instanceof Readable ? body : Readable.from(body);
    },
    async write(path, body, options) {
      const name = nameOf(path);
      const { stream, bytes } = counted(body);
      // Blocks are staged and committed as one list at the end: the blob changes only when all of it is in.
      await on(name, () =>
        container.getBlockBlobClient(name).uploadStream(stream, uploadBufferBytes, uploadConcurrency, {
          abortSignal: options.signal,
          conditions: options.overwrite ? undefined : { ifNoneMatch: '*' },
        }),
      );
      return { path: name, bytes: bytes() };
    },
    async delete(path, signal) {
      const name = nameOf(path);
      await on(name, () => container.getBlobClient(name).delete({ abortSignal: signal }));
    },
    async rename(from, to, options) {
      const source = nameOf(from);
      const target = nameOf(to);
      // Blob storage has no rename: a server-side copy within the account, then the original is deleted.
      const poller = await on(source, () =>
        container.getBlobClient(target).beginCopyFromURL(container.getBlobClient(source).url, {
          abortSignal: options.signal,
          conditions: options.overwrite ? undefined : { ifNoneMatch: '*' },
        }),
      );
      await on(source, () => poller.pollUntilDone());
      await on(source, () => container.getBlobClient(source).delete({ abortSignal: options.signal }));
    },
  };
}

function containerOf(client: AzureBlobClient, name: string | undefined): ContainerClient {
  if (client instanceof ContainerClient) {
    if (name === undefined || name === client.containerName) return client;
    throw new ZiggyError('bad_input', `container: this connection is bound to the container ${client.containerName}; leave container out, or use a connection without a default container.`, {
      field: 'container',
    });
  }
  if (name === undefined) throw new ZiggyError('bad_input', 'container: name the container; this connection has no default container.', { field: 'container' });
  return (client satisfies BlobServiceClient).getContainerClient(name);
}

export const azureBlobFiles: FileStoreAdapter<AzureBlobClient> = {
  location: { name: 'container', description: "The container. Default: the connection's container." },
  open: (client, name) => azureFileStore(containerOf(client, name)),
};
