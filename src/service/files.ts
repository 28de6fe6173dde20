import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZiggyError, isZiggyError, parseMode, type AnyConnector, type Mode } from '../core/index.ts';
import type { FileEntry, FileStore, FileStoreAdapter, WriteResult } from '../core/files/index.ts';
import type { Actor, Store } from '../store/types.ts';
import type { ServerClients } from './server-clients.ts';

/** A path on a file-capable connection, in one mode. */
export interface FileTarget {
  connection: string;
  path: string;
  /** Default: the server-wide default mode. */
  mode?: Mode;
  /** The bucket or container, for a type that has one (S3, Azure Blob); default: the connection's. */
  location?: string;
}

export interface FileListing {
  connection: string;
  mode: Mode;
  /** Where the entries are, as messages name it: `SFTP server`, `S3 bucket reports`. */
  label: string;
  path: string;
  entries: FileEntry[];
}

export interface FileDownload {
  entry: FileEntry;
  /** The file's bytes, read as they are consumed; destroy it to stop early. */
  body: Readable;
}

export interface FileUpload extends FileTarget {
  body: AsyncIterable<Uint8Array> | Readable;
  /** Replace an existing file; without it an upload to an existing path fails with `file_exists`. */
  overwrite?: boolean;
}

/**
 * Files on a connection whose type holds files (SFTP, S3, Azure Blob), through the same file
 * store the File Reader and File Writer use: for `ziggy files` and the UI's file browser. Bodies
 * stream both ways; nothing holds a whole file. Uploads and deletions are audited.
 */
export interface FileService {
  list(target: FileTarget, actor: Actor, signal?: AbortSignal): Promise<FileListing>;
  /** The entry at the path; `not_found` when nothing is there. */
  stat(target: FileTarget, actor: Actor, signal?: AbortSignal): Promise<FileEntry>;
  download(target: FileTarget, actor: Actor, signal?: AbortSignal): Promise<FileDownload>;
  upload(input: FileUpload, actor: Actor, signal?: AbortSignal): Promise<WriteResult>;
  delete(target: FileTarget, actor: Actor, signal?: AbortSignal): Promise<void>;
}

export interface FileServiceDeps {
  store: Store;
  findConnector(id: string): AnyConnector;
  clients: ServerClients;
  defaultMode(): Promise<Mode>;
}

interface OpenTarget {
  connection: string;
  mode: Mode;
  path: string;
}

const never = new AbortController().signal;

export function createFileService(deps: FileServiceDeps): FileService {
  async function adapterOf(target: FileTarget): Promise<{ connection: string; adapter: FileStoreAdapter<unknown>; mode: Mode; path: string }> {
    const record = await deps.store.connections.get(target.connection);
    if (record === undefined) {
      throw new ZiggyError('connection_not_found', `Connection "${target.connection}" does not exist.`, { name: target.connection });
    }
    const connector = deps.findConnector(record.type);
    if (connector.files === undefined) {
      throw new ZiggyError(
        'bad_input',
        `Connection "${record.name}" is of type ${connector.id}, which holds no files; file commands work on SFTP, S3 and Azure Blob connections.`,
        { connection: record.name, type: connector.id },
      );
    }
    if (typeof target.path !== 'string' || target.path.trim() === '') {
      throw new ZiggyError('bad_input', 'path must name a file or directory on the connection, e.g. /uploads or reports/2026.csv.', { field: 'path' });
    }
    if (target.path.includes('\u0000')) throw new ZiggyError('bad_input', 'path must not contain a NUL character.', { field: 'path' });
    if (target.location !== undefined && connector.files.location === undefined) {
      throw new ZiggyError('bad_input', `Connection "${record.name}" (type ${connector.id}) has no bucket or container to choose; leave the location out.`, {
        field: 'location',
      });
    }
    const mode = parseMode(String(target.mode ?? (await deps.defaultMode())));
    return { connection: record.name, adapter: connector.files, mode, path: target.path };
  }

  /**
   * Runs `work` on the connection's file store with its client leased until `work` settles. What the
   * store does not already say plainly (a refused port, a dropped session) is the remote system's
   * failure, not ours: `connection_failed`, with the way to find out more.
   */
  async function withStore<T>(target: FileTarget, work: (store: FileStore, opened: OpenTarget) => Promise<T>): Promise<T> {
    const { connection, adapter, mode, path } = await adapterOf(target);
    try {
      return await deps.clients.cache().use(connection, mode, (client) => work(adapter.open(client, target.location), { connection, mode, path }));
    } catch (error) {
      if (isZiggyError(error) || (error instanceof Error && error.name === 'AbortError')) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ZiggyError(
        'connection_failed',
        `Connection "${connection}" (${mode}) failed: ${reason}. Test it (ziggy connections test ${connection} --mode ${mode}) to see which setting is wrong.`,
        { connection, mode },
      );
    }
  }

  async function audit(actor: Actor, action: string, opened: OpenTarget, store: FileStore, details: Record<string, unknown>): Promise<void> {
    await deps.store.audit.append({
      actor,
      action,
      entityType: 'connection',
      entityName: opened.connection,
      details: { mode: opened.mode, where: store.label, path: opened.path, ...details },
    });
  }

  async function statOf(store: FileStore, path: string, signal: AbortSignal): Promise<FileEntry> {
    const entry = await store.stat(path, signal);
    if (entry === undefined) throw new ZiggyError('not_found', `Nothing exists at ${path} on the ${store.label}.`, { path });
    return entry;
  }

  return {
    list: (target, _actor, signal = never) =>
      withStore(target, async (store, opened) => {
        const entry = await statOf(store, opened.path, signal);
        const entries = entry.type === 'file' ? [entry] : await store.list(opened.path, signal);
        return { connection: opened.connection, mode: opened.mode, label: store.label, path: opened.path, entries };
      }),

    stat: (target, _actor, signal = never) => withStore(target, (store, opened) => statOf(store, opened.path, signal)),

    download(target, _actor, signal = never) {
      return new Promise<FileDownload>((resolve, reject) => {
        withStore(target, async (store, opened) => {
          const entry = await statOf(store, opened.path, signal);
          if (entry.type === 'directory') {
            throw new ZiggyError('bad_input', `${opened.path} is a directory on the ${store.label}; give a file, or list it.`, { field: 'path' });
          }
          const source = await store.read(entry.path, signal);
          // The client stays leased until the body is read, fails or is dropped by its reader.
          const body = new PassThrough();
          const done = pipeline(source, body, { signal }).catch(() => undefined);
          resolve({ entry, body });
          await done;
        }).catch(reject);
      });
    },

    upload: (input, actor, signal = never) =>
      withStore(input, async (store, opened) => {
        const body = input.body instanceof Readable ? input.body : Readable.from(input.body);
        const result = await store.write(opened.path, body, { overwrite: input.overwrite === true, append: false, signal });
        await audit(actor, 'file.put', opened, store, { bytes: result.bytes, overwrite: input.overwrite === true });
        return result;
      }),

    delete: (target, actor, signal = never) =>
      withStore(target, async (store, opened) => {
        const entry = await statOf(store, opened.path, signal);
        if (entry.type === 'directory') {
          throw new ZiggyError('bad_input', `${opened.path} is a directory on the ${store.label}; only files are deleted.`, { field: 'path' });
        }
        await store.delete(entry.path, signal);
        await audit(actor, 'file.delete', opened, store, { bytes: entry.size });
      }),
  };
}
