export { copyStore } from './copy.ts';
export type { CopyStoreOptions, StoreCopy } from './copy.ts';
export { parseStoreLocation } from './locations.ts';
export type { StoreLocation } from './locations.ts';
export type { TableCount } from './verify.ts';
