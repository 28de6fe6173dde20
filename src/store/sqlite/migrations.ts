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
];
