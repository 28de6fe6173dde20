import type { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import type {
  AuditInput,
  ConnectionFields,
  ConnectionRecord,
  ConnectionStore,
  RevisionAction,
  RevisionRecord,
} from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

interface ConnectionRow {
  name: string;
  type: string;
  description: string;
  tags: string;
  dev_source: string;
  prod_source: string | null;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

interface RevisionRow {
  connection: string;
  revision: number;
  action: RevisionAction;
  at: string;
  actor: string;
  changed: string;
  snapshot: string;
  restored_from: number | null;
}

export const fieldNames = ['type', 'description', 'tags', 'devSource', 'prodSource'] as const;

function toRecord(row: ConnectionRow): ConnectionRecord {
  return {
    name: row.name,
    type: row.type,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    devSource: row.dev_source,
    prodSource: row.prod_source,
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toRevision(row: RevisionRow): RevisionRecord {
  const revision: RevisionRecord = {
    connection: row.connection,
    revision: row.revision,
    action: row.action,
    at: row.at,
    by: row.actor,
    changed: JSON.parse(row.changed) as string[],
    snapshot: JSON.parse(row.snapshot) as ConnectionFields,
  };
  if (row.restored_from !== null) revision.restoredFrom = row.restored_from;
  return revision;
}

/** The values of the columns type, description, tags, dev_source and prod_source, in that order. */
function fieldColumns(fields: ConnectionFields): [string, string, string, string, string | null] {
  return [fields.type, fields.description, JSON.stringify(fields.tags), fields.devSource, fields.prodSource];
}

export function snapshotOf(fields: ConnectionFields): ConnectionFields {
  return {
    type: fields.type,
    description: fields.description,
    tags: [...fields.tags],
    devSource: fields.devSource,
    prodSource: fields.prodSource,
  };
}

function sameValue(a: ConnectionFields[keyof ConnectionFields], b: ConnectionFields[keyof ConnectionFields]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((tag, index) => tag === b[index]);
  return a === b;
}

/** The names of the fields whose value differs between the current record and the new fields. */
export function changedFields(current: ConnectionFields, next: ConnectionFields): string[] {
  return fieldNames.filter((field) => !sameValue(current[field], next[field]));
}

function notFound(name: string): ZiggyError {
  return new ZiggyError('connection_not_found', `Connection "${name}" does not exist.`, { name });
}

export function sqliteConnectionStore(db: DatabaseSync, file: string): ConnectionStore {
  const selectOne = db.prepare('SELECT * FROM connections WHERE name = ?');
  const insertRevision = db.prepare(
    `INSERT INTO connection_revisions (connection, revision, action, at, actor, changed, snapshot, restored_from)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  function readOne(name: string): ConnectionRecord | undefined {
    const row = selectOne.get(name);
    return row === undefined ? undefined : toRecord(row as unknown as ConnectionRow);
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
      return rows.map((row) => toRecord(row as unknown as ConnectionRow));
    },

    async get(name) {
      return readOne(name);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        if (readOne(input.name) !== undefined) {
          throw new ZiggyError('name_taken', `A connection named "${input.name}" already exists.`, {
            name: input.name,
          });
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
        const record = toRecord(row as unknown as ConnectionRow);
        writeRevision(record, 'create', [...fieldNames]);
        insertAuditEntry(db, audit, now);
        return record;
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const current = readOne(input.name);
        if (current === undefined) throw notFound(input.name);
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
          throw new ZiggyError(
            'version_conflict',
            `Connection "${input.name}" was changed by someone else: you sent version ${input.expectedVersion}, ` +
              `the current version is ${current.version}. Reload and apply your change again.`,
            { name: input.name, expected: input.expectedVersion, current: current.version },
          );
        }
        const record = toRecord(row as unknown as ConnectionRow);
        writeRevision(record, input.action, changedFields(current, fields), input.restoredFrom);
        insertAuditEntry(db, audit, now);
        return record;
      });
    },

    async delete(name, audit: AuditInput) {
      writeTransaction(db, file, () => {
        // Revisions go with it through ON DELETE CASCADE.
        const result = db.prepare('DELETE FROM connections WHERE name = ?').run(name);
        if (Number(result.changes) === 0) throw notFound(name);
        insertAuditEntry(db, audit, new Date().toISOString());
      });
    },

    async revisions(name) {
      const rows = db
        .prepare('SELECT * FROM connection_revisions WHERE connection = ? ORDER BY revision DESC')
        .all(name);
      return rows.map((row) => toRevision(row as unknown as RevisionRow));
    },

    async revision(name, revision) {
      const row = db
        .prepare('SELECT * FROM connection_revisions WHERE connection = ? AND revision = ?')
        .get(name, revision);
      return row === undefined ? undefined : toRevision(row as unknown as RevisionRow);
    },
  };
}
