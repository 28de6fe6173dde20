/**
 * The shared store for several Ziggy processes: one PostgreSQL database reached through a
 * `pg` pool. Opening it applies pending migrations under an advisory lock, so instances
 * starting at once are safe.
 */
import type { Store } from '../types.ts';
import { postgresAuditStore } from './audit.ts';
import { postgresBlockStore } from './blocks.ts';
import { postgresChangeFeed } from './change-feed.ts';
import { postgresConnectionStore } from './connections.ts';
import { openPool } from './database.ts';
import { postgresHealth } from './health.ts';
import { postgresLoginFailureStore } from './login-failures.ts';
import { applyMigrations, type AppliedMigration } from './migrate.ts';
import { migrations } from './migrations.ts';
import { postgresRunStore } from './runs.ts';
import { postgresSecretStore } from './secrets.ts';
import { postgresSessionStore } from './sessions.ts';
import { postgresSettingsStore } from './settings.ts';
import { postgresTestStatusStore } from './test-status.ts';
import { postgresTokenStore } from './tokens.ts';
import { guarded } from './unavailable.ts';
import { postgresUserStore } from './users.ts';

export type { AppliedMigration } from './migrate.ts';

export interface OpenPostgresStoreOptions {
  /** `postgres://user:password@host:port/database`, as `pg` reads it. */
  url: string;
  /** At most this many connections from this process; default 10. */
  maxConnections?: number;
  /** false: open without applying pending migrations (ZIGGY_STORE_MIGRATE=manual); `health()` lists them. Default true. */
  migrate?: boolean;
}

export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<Store> {
  const pool = openPool(options);
  try {
    // Without migrating, one query still proves the database is there, so a wrong URL fails the start either way.
    if (options.migrate === false) await pool.query('SELECT 1');
    else await applyMigrations(pool, migrations);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  const changes = postgresChangeFeed(pool, options.url);
  return {
    connections: guarded(postgresConnectionStore(pool)),
    secrets: guarded(postgresSecretStore(pool)),
    audit: guarded(postgresAuditStore(pool)),
    users: guarded(postgresUserStore(pool)),
    tokens: guarded(postgresTokenStore(pool)),
    sessions: guarded(postgresSessionStore(pool)),
    testStatus: guarded(postgresTestStatusStore(pool)),
    settings: guarded(postgresSettingsStore(pool)),
    blocks: guarded(postgresBlockStore(pool)),
    runs: guarded(postgresRunStore(pool)),
    loginFailures: guarded(postgresLoginFailureStore(pool)),
    // Never throws, and answers even when the pool cannot: it uses a connection of its own.
    health: () => postgresHealth(options.url, migrations),
    changes,
    async close() {
      if (closed) return;
      closed = true;
      await changes.close();
      await pool.end();
    },
  };
}

/** Applies the pending migrations and returns them (empty when the database is up to date), for `ziggy store migrate`. */
export async function migratePostgresStore(options: OpenPostgresStoreOptions): Promise<AppliedMigration[]> {
  const pool = openPool(options);
  try {
    return await applyMigrations(pool, migrations);
  } finally {
    await pool.end();
  }
}
