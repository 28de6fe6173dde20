import type { Readable } from 'node:stream';

export type FileEntryType = 'file' | 'directory';

/** One entry of a listing, the same for every store. */
export interface FileEntry {
  /** The full path in the store, as `read` takes it. */
  path: string;
  name: string;
  type: FileEntryType;
  /** Bytes; 0 for a directory. */
  size: number;
  /** ISO 8601; absent for an object store's directory, which is only a shared key prefix. */
  modifiedAt?: string;
}

export interface WriteOptions {
  /** Replace an existing file; without it a write to an existing path fails with `file_exists`. */
  overwrite: boolean;
  /** Add to the end of an existing file, where the store can (`canAppend`). */
  append: boolean;
  signal: AbortSignal;
}

export interface WriteResult {
  path: string;
  bytes: number;
}

/**
 * The files of one connection, whatever holds them (an SFTP server, an S3 bucket, an Azure
 * container). Paths use `/`; object stores treat `/` in keys as directories, as their consoles do.
 * Failures are `ZiggyError`s: `not_found` for a missing path, `file_exists`, `bad_input`.
 */
export interface FileStore {
  /** Where the files are, for messages: `SFTP server`, `S3 bucket reports`. */
  readonly label: string;
  readonly canAppend: boolean;
  /** The entries directly in a directory (or under a key prefix), sorted by name. */
  list(directory: string, signal: AbortSignal): Promise<FileEntry[]>;
  /** The entry at `path`, or undefined when nothing is there. The root (`/`, `.`) is a directory, even in an empty bucket. */
  stat(path: string, signal: AbortSignal): Promise<FileEntry | undefined>;
  /** The file's bytes as a stream, read as they are consumed. */
  read(path: string, signal: AbortSignal): Promise<Readable>;
  /**
   * Writes the whole body, so that a reader never sees half a file: to a temporary name and then
   * renamed, or as one upload that only shows when complete. A body that fails leaves nothing behind.
   */
  write(path: string, body: Readable, options: WriteOptions): Promise<WriteResult>;
  delete(path: string, signal: AbortSignal): Promise<void>;
  /** Moves a file; an existing file at `to` is replaced only with `overwrite`. */
  rename(from: string, to: string, options: { overwrite: boolean; signal: AbortSignal }): Promise<void>;
}

/**
 * How a connector's client becomes a file store. Object stores name a bucket or container,
 * which a call may give (`location`) and the connection may default.
 */
export interface FileStoreAdapter<Client> {
  /** The parameter naming the bucket or container (`bucket`, `container`); none for SFTP. */
  location?: { name: string; description: string };
  open(client: Client, location: string | undefined): FileStore;
}
