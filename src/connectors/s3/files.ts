import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { S3ServiceException, type S3 } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { counted, keyPrefixOf, type FileEntry, type FileStore, type FileStoreAdapter } from '../../core/files/index.ts';
import { ZiggyError } from '../../core/index.ts';

/** The default bucket of each client this connector made, from the connection's `bucket`. */
const defaultBuckets = new WeakMap<S3, string>();

export function rememberDefaultBucket(client: S3, bucket: string | undefined): void {
  if (bucket !== undefined) defaultBuckets.set(client, bucket);
}

function keyOf(path: string): string {
  return path.replace(/^\/+/, '');
}

function notFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey');
}

/** S3's refusals as plain errors about the bucket or key; anything else passes through. */
function s3Failure(error: unknown, bucket: string, key: string): unknown {
  if (!(error instanceof S3ServiceException)) return error;
  if (error.name === 'NoSuchBucket') return new ZiggyError('bad_input', `The S3 bucket ${bucket} does not exist.`, { bucket, field: 'bucket' });
  if (error.name === 'AccessDenied' || error.$metadata.httpStatusCode === 403) {
    return new ZiggyError('forbidden', `S3 denied access to ${bucket}/${key} (${error.name}); the credentials' policy must allow it.`, { bucket, key });
  }
  if (notFound(error)) return new ZiggyError('not_found', `Nothing exists at ${key} in the S3 bucket ${bucket}.`, { bucket, path: key });
  return error;
}

function s3FileStore(client: S3, bucket: string): FileStore {
  const label = `S3 bucket ${bucket}`;
  const on = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw s3Failure(error, bucket, key);
    }
  };
  async function stat(path: string, signal: AbortSignal): Promise<FileEntry | undefined> {
    const key = keyOf(path);
    const directory: FileEntry = { path: key, name: posix.basename(key), type: 'directory', size: 0 };
    if (keyPrefixOf(key) === '') {
      // The root is a directory even in an empty bucket; listing it still fails on a missing bucket or a refused key.
      await on(key, () => client.listObjectsV2({ Bucket: bucket, MaxKeys: 1 }, { abortSignal: signal }));
      return directory;
    }
    try {
      const head = await client.headObject({ Bucket: bucket, Key: key }, { abortSignal: signal });
      return { path: key, name: posix.basename(key), type: 'file', size: head.ContentLength ?? 0, modifiedAt: (head.LastModified ?? new Date(0)).toISOString() };
    } catch (error) {
      if (!notFound(error)) throw s3Failure(error, bucket, key);
    }
    const under = await on(key, () => client.listObjectsV2({ Bucket: bucket, Prefix: keyPrefixOf(key), MaxKeys: 1 }, { abortSignal: signal }));
    return (under.KeyCount ?? 0) > 0 ? directory : undefined;
  }
  const exists = (key: string) => new ZiggyError('file_exists', `${key} already exists in the ${label}; set overwrite: true to replace it.`, { path: key, field: 'overwrite' });
  return {
    label,
    canAppend: false,
    async list(directory, signal) {
      const prefix = keyPrefixOf(directory);
      const entries: FileEntry[] = [];
      let token: string | undefined;
      do {
        const page = await on(prefix, () =>
          client.listObjectsV2({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }, { abortSignal: signal }),
        );
        for (const common of page.CommonPrefixes ?? []) {
          const path = (common.Prefix ?? '').replace(/\/$/, '');
          entries.push({ path, name: posix.basename(path), type: 'directory', size: 0 });
        }
        for (const object of page.Contents ?? []) {
          const key = object.Key ?? '';
          // A zero-byte `dir/` object is how consoles make an empty directory: not a file.
          if (key === prefix) continue;
          entries.push({ path: key, name: posix.basename(key), type: 'file', size: object.Size ?? 0, modifiedAt: (object.LastModified ?? new Date(0)).toISOString() });
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    stat,
    async read(path, signal) {
      const key = keyOf(path);
      const object = await on(key, () => client.getObject({ Bucket: bucket, Key: key }, { abortSignal: signal }));
      if (!(object.Body instanceof Readable)) throw new Error(`S3 returned no readable body for ${key}.`);
      return object.Body;
    },
    async write(path, body, options) {
      const key = keyOf(path);
      if (!options.overwrite && (await stat(key, options.signal)) !== undefined) throw exists(key);
      const { stream, bytes } = counted(body);
      // One (multipart) upload: the object appears only when it completes, and a failed body aborts it.
      const upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: stream } });
      const abort = (): void => void upload.abort();
      options.signal.addEventListener('abort', abort, { once: true });
      try {
        await on(key, () => upload.done());
      } finally {
        options.signal.removeEventListener('abort', abort);
      }
      return { path: key, bytes: bytes() };
    },
    async delete(path, signal) {
      const key = keyOf(path);
      if ((await stat(key, signal))?.type !== 'file') throw new ZiggyError('not_found', `No file exists at ${key} in the ${label}.`, { path: key });
      await on(key, () => client.deleteObject({ Bucket: bucket, Key: key }, { abortSignal: signal }));
    },
    async rename(from, to, options) {
      const source = keyOf(from);
      const target = keyOf(to);
      if ((await stat(source, options.signal))?.type !== 'file') throw new ZiggyError('not_found', `No file exists at ${source} in the ${label}.`, { path: source });
      if (!options.overwrite && (await stat(target, options.signal)) !== undefined) throw exists(target);
      // S3 has no rename: a server-side copy, then the original is deleted.
      const copySource = `${bucket}/${source.split('/').map(encodeURIComponent).join('/')}`;
      await on(source, () => client.copyObject({ Bucket: bucket, Key: target, CopySource: copySource }, { abortSignal: options.signal }));
      await on(source, () => client.deleteObject({ Bucket: bucket, Key: source }, { abortSignal: options.signal }));
    },
  };
}

export const s3Files: FileStoreAdapter<S3> = {
  location: { name: 'bucket', description: "The bucket. Default: the connection's bucket." },
  open(client, bucket) {
    const chosen = bucket ?? defaultBuckets.get(client);
    if (chosen === undefined) throw new ZiggyError('bad_input', 'bucket: name the bucket; this connection has no default bucket.', { field: 'bucket' });
    return s3FileStore(client, chosen);
  },
};
