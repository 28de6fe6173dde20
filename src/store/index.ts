export type * from './types.ts';
export { openSqliteStore } from './sqlite/index.ts';
export type { OpenSqliteStoreOptions } from './sqlite/index.ts';
export type { OpenPostgresStoreOptions, AppliedMigration } from './postgres/index.ts';
export { displayStoreUrl, migrateStoreFor, openStoreFor, postgresUrlFor } from './open.ts';
export type { OpenStoreForOptions, StoreMigrateMode, StoreMigration } from './open.ts';
