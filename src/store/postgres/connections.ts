import type pg from 'pg';
import type {
  AuditInput,
  ConnectionFields,
  ConnectionRecord,
  ConnectionStore,
  RevisionAction,
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
import { affectedRows, queryOne, queryRows, writeTransaction, type Queryable } from './database.ts';

/** The values of the columns type, description, tags, dev_source and prod_source, in that order. */
function fieldColumns(fields: ConnectionFields): [string, string, string[], string, string | null] {
  return [fields.type, fields.description, fields.tags, fields.devSource, fields.prodSource];
}

async function readOne(db: Queryable, name: string): Promise<ConnectionRecord | undefined> {
  const row = await queryOne<ConnectionRow>(db, 'SELECT * FROM connections WHERE name = $1', [name]);
  return row === undefined ? undefined : connectionFromRow(row);
}

async function writeRevision(
  db: Queryable,
  record: ConnectionRecord,
  action: RevisionAction,
  changed: string[],
  restoredFrom?: number,
): Promise<void> {
  await db.query(
    `INSERT INTO connection_revisions (connection, revision, action, at, actor, changed, snapshot, restored_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      record.name,
      record.version,
      action,
      record.updatedAt,
      record.updatedBy,
      JSON.stringify(changed),
      JSON.stringify(snapshotOf(record)),
      restoredFrom ?? null,
    ],
  );
}

export function postgresConnectionStore(pool: pg.Pool): ConnectionStore {
  return {
    async list() {
      const rows = await queryRows<ConnectionRow>(pool, 'SELECT * FROM connections ORDER BY name');
      return rows.map(connectionFromRow);
    },

    async get(name) {
      return readOne(pool, name);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        const fields = snapshotOf(input.fields);
        // ON CONFLICT DO NOTHING: of two concurrent creates of one name, the second gets no row instead of an error.
        const row = await queryOne<ConnectionRow>(
          client,
          `INSERT INTO connections
             (name, type, description, tags, dev_source, prod_source, version,
              created_at, created_by, updated_at, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $7, $8)
           ON CONFLICT (name) DO NOTHING RETURNING *`,
          [input.name, ...fieldColumns(fields), now, input.by],
        );
        if (row === undefined) {
          throw connectionNameTaken(input.name);
        }
        const record = connectionFromRow(row);
        await writeRevision(client, record, 'create', [...fieldNames]);
        await insertAuditEntry(client, audit, now);
        return record;
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        // FOR UPDATE: the fields the revision compares against cannot change before this transaction ends.
        const currentRow = await queryOne<ConnectionRow>(client, 'SELECT * FROM connections WHERE name = $1 FOR UPDATE', [
          input.name,
        ]);
        if (currentRow === undefined) throw connectionNotFound(input.name);
        const current = connectionFromRow(currentRow);
        if (current.version !== input.expectedVersion) {
          throw versionConflict('Connection', input.name, input.expectedVersion, current.version);
        }
        const now = new Date().toISOString();
        const fields = snapshotOf(input.fields);
        const row = await queryOne<ConnectionRow>(
          client,
          `UPDATE connections
           SET type = $1, description = $2, tags = $3, dev_source = $4, prod_source = $5,
               version = version + 1, updated_at = $6, updated_by = $7
           WHERE name = $8 RETURNING *`,
          [...fieldColumns(fields), now, input.by, input.name],
        );
        const record = connectionFromRow(row as ConnectionRow);
        await writeRevision(client, record, input.action, changedFields(current, fields), input.restoredFrom);
        await insertAuditEntry(client, audit, now);
        return record;
      });
    },

    async delete(name, audit: AuditInput) {
      await writeTransaction(pool, async (client) => {
        // Revisions and test statuses go with it through ON DELETE CASCADE.
        if ((await affectedRows(client, 'DELETE FROM connections WHERE name = $1', [name])) === 0) throw connectionNotFound(name);
        await insertAuditEntry(client, audit, new Date().toISOString());
      });
    },

    async revisions(name) {
      const rows = await queryRows<RevisionRow>(
        pool,
        'SELECT * FROM connection_revisions WHERE connection = $1 ORDER BY revision DESC',
        [name],
      );
      return rows.map(revisionFromRow);
    },

    async revision(name, revision) {
      const row = await queryOne<RevisionRow>(
        pool,
        'SELECT * FROM connection_revisions WHERE connection = $1 AND revision = $2',
        [name, revision],
      );
      return row === undefined ? undefined : revisionFromRow(row);
    },
  };
}
