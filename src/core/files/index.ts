export type * from './store.ts';
export { matchesGlob } from './glob.ts';
export { fileReadOperation, type FileBatch, type FileReadResult } from './read-operation.ts';
export { fileWriteOperation, type FileWriteResult } from './write-operation.ts';
export { formatFromName } from './formats.ts';

import type { FileStoreAdapter } from './store.ts';
import { fileReadOperation } from './read-operation.ts';
import { fileWriteOperation } from './write-operation.ts';

/** The File Reader and File Writer blocks over a connector's file store. */
export function fileOperations<Client>(adapter: FileStoreAdapter<Client>) {
  return { fileRead: fileReadOperation(adapter), fileWrite: fileWriteOperation(adapter) };
}
export { counted } from './counted.ts';
export { keyPrefixOf } from './key-prefix.ts';
