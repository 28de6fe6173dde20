export type * from './types.ts';
export { openSqliteStore } from './sqlite/index.ts';
export type { OpenSqliteStoreOptions } from './sqlite/index.ts';
