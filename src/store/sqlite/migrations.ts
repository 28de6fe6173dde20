/**
 * The schema, as an ordered list of migrations. Append new ones; never edit one that has
 * shipped, since databases in the field already recorded it as applied.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'connections, revisions, secrets and audit log',
    sql: `
      CREATE TABLE connections (
        name TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        description TEXT NOT NULL,
        tags TEXT NOT NULL,
        dev_source TEXT NOT NULL,
        prod_source TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE connection_revisions (
        connection TEXT NOT NULL REFERENCES connections (name) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'restore')),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        changed TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        restored_from INTEGER,
        PRIMARY KEY (connection, revision)
      ) STRICT;

      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL,
        tags TEXT NOT NULL,
        dev TEXT NOT NULL,
        prod TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL CHECK (entity_type IN ('connection', 'secret')),
        entity_name TEXT NOT NULL,
        details TEXT NOT NULL
      ) STRICT;

      CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_name, id);
      CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
      CREATE INDEX audit_log_by_time ON audit_log (at);
    `,
  },
  {
    version: 2,
    name: 'users, API tokens, sessions, settings, last test status; audit of users, tokens and settings',
    // SQLite cannot alter a CHECK constraint: the audit log is rebuilt with explicit ids, so every entry keeps its id.
    sql: `
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'operator', 'viewer')),
        disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_login_at TEXT
      ) STRICT;

      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'operator', 'viewer')),
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        last_used_at TEXT
      ) STRICT;

      CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (username, name) WHERE revoked_at IS NULL;
      CREATE INDEX api_tokens_by_user ON api_tokens (username, created_at);

      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX sessions_by_user ON sessions (username);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      CREATE TABLE connection_test_status (
        connection TEXT NOT NULL REFERENCES connections (name) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('dev', 'prod')),
        ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        PRIMARY KEY (connection, mode)
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_log_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL CHECK (entity_type IN ('connection', 'secret', 'user', 'token', 'setting')),
        entity_name TEXT NOT NULL,
        details TEXT NOT NULL
      ) STRICT;

      INSERT INTO audit_log_v2 (id, at, actor, action, entity_type, entity_name, details)
        SELECT id, at, actor, action, entity_type, entity_name, details FROM audit_log ORDER BY id;
      UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log')
        WHERE name = 'audit_log_v2';
      DROP TABLE audit_log;
      ALTER TABLE audit_log_v2 RENAME TO audit_log;

      CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_name, id);
      CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
      CREATE INDEX audit_log_by_time ON audit_log (at);
    `,
  },
  {
    version: 3,
    name: 'saved blocks and run records; audit of blocks',
    // Runs are records themselves and are not audited. The audit log is rebuilt as in version 2 to admit 'block'.
    sql: `
      CREATE TABLE blocks (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL,
        code TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('block', 'code', 'operation')),
        -- The block's name, 'connection/operation', or NULL for code sent with the request: what the target filter matches.
        target_name TEXT,
        target TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('dev', 'prod')),
        started_by TEXT NOT NULL,
        started_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'timeout', 'memory')),
        result TEXT,
        outputs TEXT NOT NULL,
        console TEXT NOT NULL,
        error TEXT,
        stats TEXT,
        truncated INTEGER NOT NULL CHECK (truncated IN (0, 1))
      ) STRICT;

      CREATE INDEX runs_by_time ON runs (started_at);
      CREATE INDEX runs_by_target ON runs (target_name, started_at);
      CREATE INDEX runs_by_status ON runs (status, started_at);
      CREATE INDEX runs_by_actor ON runs (started_by, started_at);

      CREATE TABLE audit_log_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL CHECK (entity_type IN ('connection', 'secret', 'user', 'token', 'setting', 'block')),
        entity_name TEXT NOT NULL,
        details TEXT NOT NULL
      ) STRICT;

      INSERT INTO audit_log_v3 (id, at, actor, action, entity_type, entity_name, details)
        SELECT id, at, actor, action, entity_type, entity_name, details FROM audit_log ORDER BY id;
      UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log')
        WHERE name = 'audit_log_v3';
      DROP TABLE audit_log;
      ALTER TABLE audit_log_v3 RENAME TO audit_log;

      CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_name, id);
      CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
      CREATE INDEX audit_log_by_time ON audit_log (at);
    `,
  },
  {
    version: 4,
    name: 'a role per mode for each user',
    // Every existing user keeps their role in both modes. The default only satisfies ADD COLUMN: the store always writes both.
    sql: `
      ALTER TABLE users RENAME COLUMN role TO dev_role;
      ALTER TABLE users ADD COLUMN prod_role TEXT NOT NULL DEFAULT 'viewer'
        CHECK (prod_role IN ('admin', 'editor', 'operator', 'viewer'));
      UPDATE users SET prod_role = dev_role;
    `,
  },
  {
    version: 5,
    name: 'failed logins, shared by every process for the login rate limiter',
    // Keys are the limiter's keyed hashes of a username or an address: a password typed as a username never lands here.
    sql: `
      CREATE TABLE login_failures (
        kind TEXT NOT NULL CHECK (kind IN ('username', 'address')),
        key TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX login_failures_by_key ON login_failures (kind, key, at);
      CREATE INDEX login_failures_by_time ON login_failures (at);
    `,
  },
  {
    version: 6,
    name: 'blocks declared retry-safe',
    // Existing blocks are not: running them again after a worker stopped was never agreed to.
    sql: `
      ALTER TABLE blocks ADD COLUMN retry_safe INTEGER NOT NULL DEFAULT 0 CHECK (retry_safe IN (0, 1));
    `,
  },
];
