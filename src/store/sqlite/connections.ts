import type { DatabaseSync } from 'node:sqlite';
import type {
  AuditInput,
  ConnectionFields,
  ConnectionRecord,
  ConnectionStore,
  RevisionAction,
  RevisionRecord,
} from '../types.ts';
import {
  changedFields,
  connectionFromRow,
  connectionNameTaken,
  connectionNotFound,
  fieldNames,
  revisionFromRow,
  snapshotOf,
  type ConnectionRow,
  type RevisionRow,
} from '../rows/connections.ts';
import { versionConflict } from '../rows/version-conflict.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

/** A connections row as SQLite holds it: tags as JSON text. */
type EncodedConnectionRow = Omit<ConnectionRow, 'tags'> & { tags: string };

/** A connection_revisions row as SQLite holds it: changed and snapshot as JSON text. */
type EncodedRevisionRow = Omit<RevisionRow, 'changed' | 'snapshot'> & { changed: string; snapshot: string };

function toRecord(row: EncodedConnectionRow): ConnectionRecord {
  return connectionFromRow({ ...row, tags: JSON.parse(row.tags) as string[] });
}

function toRevision(row: EncodedRevisionRow): RevisionRecord {
  return revisionFromRow({
    ...row,
    changed: JSON.parse(row.changed) as string[],
    snapshot: JSON.parse(row.snapshot) as ConnectionFields,
  });
}

/** The values of the columns type, description, tags, dev_source and prod_source, in that order. */
function fieldColumns(fields: ConnectionFields): [string, string, string, string, string | null] {
  return [fields.type, fields.description, JSON.stringify(fields.tags), fields.devSource, fields.prodSource];
}

export function sqliteConnectionStore(db: DatabaseSync, file: string): ConnectionStore {
  const selectOne = db.prepare('SELECT * FROM connections WHERE name = ?');
  const insertRevision = db.prepare(
    `INSERT INTO connection_revisions (connection, revision, action, at, actor, changed, snapshot, restored_from)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  function readOne(name: string): ConnectionRecord | undefined {
    const row = selectOne.get(name);
    return row === undefined ? undefined : toRecord(row as unknown as EncodedConnectionRow);
  }

  function writeRevision(
    record: ConnectionRecord,
    action: RevisionAction,
    changed: string[],
    restoredFrom?: number,
  ): void {
    insertRevision.run(
      record.name,
      record.version,
      action,
      record.updatedAt,
      record.updatedBy,
      JSON.stringify(changed),
      JSON.stringify(snapshotOf(record)),
      restoredFrom ?? null,
    );
  }

  return {
    async list() {
      const rows = db.prepare('SELECT * FROM connections ORDER BY name').all();
      return rows.map((row) => toRecord(row as unknown as EncodedConnectionRow));
    },

    async get(name) {
      return readOne(name);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        if (readOne(input.name) !== undefined) {
          throw connectionNameTaken(input.name);
        }
        const now = new Date().toISOString();
        const fields = snapshotOf(input.fields);
        const row = db
          .prepare(
            `INSERT INTO connections
               (name, type, description, tags, dev_source, prod_source, version,
                created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING *`,
          )
          .get(input.name, ...fieldColumns(fields), now, input.by, now, input.by);
        const record = toRecord(row as unknown as EncodedConnectionRow);
        writeRevision(record, 'create', [...fieldNames]);
        insertAuditEntry(db, audit, now);
        return record;
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const current = readOne(input.name);
        if (current === undefined) throw connectionNotFound(input.name);
        const now = new Date().toISOString();
        const fields = snapshotOf(input.fields);
        // Compare-and-set: the version in the WHERE clause refuses a save based on a stale read.
        const row = db
          .prepare(
            `UPDATE connections
             SET type = ?, description = ?, tags = ?, dev_source = ?, prod_source = ?,
                 version = version + 1, updated_at = ?, updated_by = ?
             WHERE name = ? AND version = ? RETURNING *`,
          )
          .get(...fieldColumns(fields), now, input.by, input.name, input.expectedVersion);
        if (row === undefined) {
          throw versionConflict('Connection', input.name, input.expectedVersion, current.version);
        }
        const record = toRecord(row as unknown as EncodedConnectionRow);
        writeRevision(record, input.action, changedFields(current, fields), input.restoredFrom);
        insertAuditEntry(db, audit, now);
        return record;
      });
    },

    async delete(name, audit: AuditInput) {
      writeTransaction(db, file, () => {
        // Revisions go with it through ON DELETE CASCADE.
        const result = db.prepare('DELETE FROM connections WHERE name = ?').run(name);
        if (Number(result.changes) === 0) throw connectionNotFound(name);
        insertAuditEntry(db, audit, new Date().toISOString());
      });
    },

    async revisions(name) {
      const rows = db
        .prepare('SELECT * FROM connection_revisions WHERE connection = ? ORDER BY revision DESC')
        .all(name);
      return rows.map((row) => toRevision(row as unknown as EncodedRevisionRow));
    },

    async revision(name, revision) {
      const row = db
        .prepare('SELECT * FROM connection_revisions WHERE connection = ? AND revision = ?')
        .get(name, revision);
      return row === undefined ? undefined : toRevision(row as unknown as EncodedRevisionRow);
    },
  };
}
