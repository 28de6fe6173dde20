/**
 * The PostgreSQL schema, as an ordered list of migrations. Append new ones; never edit one
 * that has shipped, since databases in the field already recorded it as applied. Version 1
 * is the whole schema the SQLite store reached in its own version 4: the two histories
 * are numbered separately.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'connections, revisions, secrets, audit log, users, API tokens, sessions, settings, test status, blocks and runs',
    // `position` columns keep insertion order among rows written in the same millisecond, as SQLite's rowid does.
    // Names sort in the "C" collation, byte by byte as in SQLite, whatever the database's locale.
    sql: `
      CREATE TABLE connections (
        name text COLLATE "C" PRIMARY KEY,
        type text NOT NULL,
        description text NOT NULL,
        tags text[] NOT NULL,
        dev_source text NOT NULL,
        prod_source text,
        version integer NOT NULL CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      );

      CREATE TABLE connection_revisions (
        connection text COLLATE "C" NOT NULL REFERENCES connections (name) ON DELETE CASCADE,
        revision integer NOT NULL,
        action text NOT NULL CHECK (action IN ('create', 'update', 'restore')),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        changed jsonb NOT NULL,
        snapshot jsonb NOT NULL,
        restored_from integer,
        PRIMARY KEY (connection, revision)
      );

      CREATE TABLE secrets (
        name text COLLATE "C" PRIMARY KEY,
        description text NOT NULL,
        tags text[] NOT NULL,
        dev text NOT NULL,
        prod text,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      );

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL CHECK (entity_type IN ('connection', 'secret', 'user', 'token', 'setting', 'block')),
        entity_name text NOT NULL,
        details jsonb NOT NULL
      );

      CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_name, id);
      CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
      CREATE INDEX audit_log_by_time ON audit_log (at);

      CREATE TABLE users (
        username text COLLATE "C" PRIMARY KEY,
        password_hash text NOT NULL,
        dev_role text NOT NULL CHECK (dev_role IN ('admin', 'editor', 'operator', 'viewer')),
        prod_role text NOT NULL CHECK (prod_role IN ('admin', 'editor', 'operator', 'viewer')),
        disabled boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_login_at timestamptz
      );

      CREATE TABLE api_tokens (
        id text PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        username text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
        name text NOT NULL,
        hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'editor', 'operator', 'viewer')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      );

      CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (username, name) WHERE revoked_at IS NULL;
      CREATE INDEX api_tokens_by_user ON api_tokens (username, created_at, position);

      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        username text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      );

      CREATE INDEX sessions_by_user ON sessions (username);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      CREATE TABLE connection_test_status (
        connection text COLLATE "C" NOT NULL REFERENCES connections (name) ON DELETE CASCADE,
        mode text NOT NULL CHECK (mode IN ('dev', 'prod')),
        ok boolean NOT NULL,
        code text NOT NULL,
        message text NOT NULL,
        at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        PRIMARY KEY (connection, mode)
      );

      CREATE TABLE settings (
        key text COLLATE "C" PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      );

      CREATE TABLE blocks (
        name text COLLATE "C" PRIMARY KEY,
        description text NOT NULL,
        code text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      );

      CREATE TABLE runs (
        id text PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        target_kind text NOT NULL CHECK (target_kind IN ('block', 'code', 'operation')),
        -- The block's name, 'connection/operation', or NULL for code sent with the request: what the target filter matches.
        target_name text,
        target jsonb NOT NULL,
        mode text NOT NULL CHECK (mode IN ('dev', 'prod')),
        started_by text NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status text NOT NULL CHECK (status IN ('ok', 'error', 'timeout', 'memory')),
        result jsonb,
        outputs jsonb NOT NULL,
        console jsonb NOT NULL,
        error jsonb,
        stats jsonb,
        truncated boolean NOT NULL
      );

      CREATE INDEX runs_by_time ON runs (started_at, position);
      CREATE INDEX runs_by_target ON runs (target_name, started_at);
      CREATE INDEX runs_by_status ON runs (status, started_at);
      CREATE INDEX runs_by_actor ON runs (started_by, started_at);
    `,
  },
  {
    version: 2,
    name: 'failed logins, shared by every instance for the login rate limiter',
    // Keys are the limiter's keyed hashes of a username or an address: a password typed as a username never lands here.
    sql: `
      CREATE TABLE login_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('username', 'address')),
        key text NOT NULL,
        at timestamptz NOT NULL
      );

      CREATE INDEX login_failures_by_key ON login_failures (kind, key, at);
      CREATE INDEX login_failures_by_time ON login_failures (at);
    `,
  },
  {
    version: 3,
    name: 'blocks declared retry-safe',
    // Existing blocks are not: running them again after a worker stopped was never agreed to.
    sql: `
      ALTER TABLE blocks ADD COLUMN retry_safe boolean NOT NULL DEFAULT false;
    `,
  },
];
