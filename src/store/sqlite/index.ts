/**
 * The embedded default store: one SQLite file (node:sqlite), safe to open from the server
 * and the CLI at the same time.
 */
import { sameFileChangeFeed } from '../local-change-feed.ts';
import type { Store } from '../types.ts';
import { sqliteAuditStore } from './audit.ts';
import { sqliteBlockStore } from './blocks.ts';
import { sqliteConnectionStore } from './connections.ts';
import { defaultBusyTimeoutMs, openDatabase } from './database.ts';
import { sqliteHealth } from './health.ts';
import { sqliteLoginFailureStore } from './login-failures.ts';
import { applyMigrations } from './migrate.ts';
import { migrations } from './migrations.ts';
import { sqliteRunStore } from './runs.ts';
import { sqliteSecretStore } from './secrets.ts';
import { sqliteSessionStore } from './sessions.ts';
import { sqliteSettingsStore } from './settings.ts';
import { sqliteTestStatusStore } from './test-status.ts';
import { sqliteTokenStore } from './tokens.ts';
import { sqliteUserStore } from './users.ts';

export interface OpenSqliteStoreOptions {
  /** Path of the database file; created (mode 0600, parent dirs 0700) when missing. */
  file: string;
  /** How long a write waits for another process's write to finish; default 5000 ms. */
  busyTimeoutMs?: number;
}

export async function openSqliteStore(options: OpenSqliteStoreOptions): Promise<Store> {
  const { file } = options;
  const db = openDatabase({ file, busyTimeoutMs: options.busyTimeoutMs ?? defaultBusyTimeoutMs });
  try {
    applyMigrations(db, file, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    connections: sqliteConnectionStore(db, file),
    secrets: sqliteSecretStore(db, file),
    audit: sqliteAuditStore(db, file),
    users: sqliteUserStore(db, file),
    tokens: sqliteTokenStore(db, file),
    sessions: sqliteSessionStore(db, file),
    testStatus: sqliteTestStatusStore(db),
    settings: sqliteSettingsStore(db, file),
    blocks: sqliteBlockStore(db, file),
    runs: sqliteRunStore(db, file),
    loginFailures: sqliteLoginFailureStore(db, file),
    async health() {
      return sqliteHealth(db, file, migrations);
    },
    changes: sameFileChangeFeed,
    async close() {
      if (db.isOpen) db.close();
    },
  };
}

/** Applies the pending migrations of the file and returns them (empty when up to date), for `ziggy store migrate`. */
export function migrateSqliteStore(options: OpenSqliteStoreOptions): Array<{ version: number; name: string }> {
  const db = openDatabase({ file: options.file, busyTimeoutMs: options.busyTimeoutMs ?? defaultBusyTimeoutMs });
  try {
    return applyMigrations(db, options.file, migrations);
  } finally {
    db.close();
  }
}
