import { posix } from 'node:path';
import { ZiggyError } from '../errors.ts';
import { matchesGlob } from './glob.ts';
import type { FileEntry, FileStore } from './store.ts';

const wildcard = /[*?]/;

/**
 * The files a read names: one file; every file in a directory (`drops/`); or the files whose
 * names match a pattern in the last part (`drops/orders-*.csv`), in name order.
 */
export async function filesToRead(store: FileStore, path: string, signal: AbortSignal): Promise<FileEntry[]> {
  const files = (entries: FileEntry[]) => entries.filter((entry) => entry.type === 'file');
  if (path.endsWith('/')) return files(await store.list(path, signal));
  const name = posix.basename(path);
  if (wildcard.test(posix.dirname(path))) {
    throw new ZiggyError('bad_input', `path: a pattern may only be in the last part of ${path}, e.g. drops/*.csv.`, { field: 'path' });
  }
  if (wildcard.test(name)) return files(await store.list(posix.dirname(path), signal)).filter((entry) => matchesGlob(name, entry.name));
  const entry = await store.stat(path, signal);
  if (entry === undefined) throw new ZiggyError('not_found', `Nothing exists at ${path} in the ${store.label}.`, { path, field: 'path' });
  if (entry.type === 'directory') {
    throw new ZiggyError('bad_input', `path: ${path} is a directory; end it with / to read every file in it.`, { path, field: 'path' });
  }
  return [entry];
}
