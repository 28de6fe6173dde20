/** The copy's SQLite side: reads a ziggy.db without writing to it, or fills a new one. */
import { existsSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue, type SQLOutputValue } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import { defaultBusyTimeoutMs, openDatabase } from '../sqlite/database.ts';
import { migrateSqliteStore } from '../sqlite/index.ts';
import { migrations } from '../sqlite/migrations.ts';
import type { CopySource, CopyTarget } from './endpoints.ts';
import type { StoreLocation } from './locations.ts';
import type { ColumnKind, CopiedRow, CopiedTable, CopiedValue } from './tables.ts';

type SqliteLocation = Extract<StoreLocation, { kind: 'sqlite' }>;

function fromSqlite(kind: ColumnKind, value: SQLOutputValue): CopiedValue {
  if (value === null) return null;
  if (kind === 'boolean') return value === 1;
  if (kind === 'tags') return JSON.parse(String(value)) as string[];
  if (kind === 'integer') return Number(value);
  return String(value);
}

function toSqlite(kind: ColumnKind, value: CopiedValue): SQLInputValue {
  if (value === null) return null;
  if (kind === 'boolean') return value === true ? 1 : 0;
  if (kind === 'tags') return JSON.stringify(value);
  return value as string | number;
}

function count(db: DatabaseSync, table: CopiedTable): number {
  return Number(db.prepare(`SELECT count(*) AS n FROM ${table.name}`).get()?.['n']);
}

export function openSqliteSource(location: SqliteLocation): CopySource {
  if (!existsSync(location.file)) {
    throw new ZiggyError('bad_input', `--from ${location.shown} does not exist: there is no SQLite store to copy there.`, {
      field: '--from',
    });
  }
  // Read-only: the copy never changes its source, even by a migration.
  const db = new DatabaseSync(location.file, { readOnly: true, timeout: defaultBusyTimeoutMs });
  return {
    location,
    knownVersion: migrations.at(-1)?.version ?? 0,
    async schemaVersion() {
      const recorded = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
      if (recorded === undefined) return 0;
      return Number(db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations').get()?.['version']);
    },
    async count(table) {
      return count(db, table);
    },
    async snapshot(work) {
      // In WAL mode a read transaction sees the file as of its first read until it ends.
      db.exec('BEGIN');
      try {
        return await work();
      } finally {
        db.exec('ROLLBACK');
      }
    },
    async *rows(table, batchSize) {
      const statement = db.prepare(`SELECT ${table.columns.map((column) => column.name).join(', ')} FROM ${table.name} ORDER BY rowid`);
      statement.setReturnArrays(true);
      let batch: CopiedRow[] = [];
      for (const row of statement.iterate() as Iterable<SQLOutputValue[]>) {
        batch.push(table.columns.map((column, index) => fromSqlite(column.kind, row[index] ?? null)));
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}

/** Creates the file when missing and applies the migrations, then opens it for the copy's one write transaction. */
export function openSqliteTarget(location: SqliteLocation): CopyTarget {
  migrateSqliteStore({ file: location.file });
  const db = openDatabase({ file: location.file, busyTimeoutMs: defaultBusyTimeoutMs });
  return {
    location,
    async count(table) {
      return count(db, table);
    },
    async transaction(work) {
      // IMMEDIATE takes the write lock now: no other writer can slip rows in between the emptiness check and the commit.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    async insert(table, rows) {
      const names = table.columns.map((column) => column.name);
      const statement = db.prepare(`INSERT INTO ${table.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
      for (const row of rows) statement.run(...table.columns.map((column, index) => toSqlite(column.kind, row[index] ?? null)));
    },
    async moveIdentityCounters() {
      // Nothing to do: an AUTOINCREMENT table moves its sqlite_sequence entry past every id inserted explicitly.
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
