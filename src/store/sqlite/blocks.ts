import type { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import type { AuditInput, BlockRecord, BlockStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

interface BlockRow {
  name: string;
  description: string;
  code: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

function toRecord(row: BlockRow): BlockRecord {
  return {
    name: row.name,
    description: row.description,
    code: row.code,
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function notFound(name: string): ZiggyError {
  return new ZiggyError('block_not_found', `Block "${name}" does not exist.`, { name });
}

export function sqliteBlockStore(db: DatabaseSync, file: string): BlockStore {
  const selectOne = db.prepare('SELECT * FROM blocks WHERE name = ?');

  function readOne(name: string): BlockRecord | undefined {
    const row = selectOne.get(name);
    return row === undefined ? undefined : toRecord(row as unknown as BlockRow);
  }

  return {
    async list() {
      const rows = db.prepare('SELECT * FROM blocks ORDER BY name').all();
      return rows.map((row) => toRecord(row as unknown as BlockRow));
    },

    async get(name) {
      return readOne(name);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        if (readOne(input.name) !== undefined) {
          throw new ZiggyError('name_taken', `A block named "${input.name}" already exists.`, { name: input.name });
        }
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `INSERT INTO blocks (name, description, code, version, created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, ?, 1, ?, ?, ?, ?) RETURNING *`,
          )
          .get(input.name, input.description, input.code, now, input.by, now, input.by);
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as BlockRow);
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const current = readOne(input.name);
        if (current === undefined) throw notFound(input.name);
        const now = new Date().toISOString();
        // Compare-and-set: the version in the WHERE clause refuses a save based on a stale read.
        const row = db
          .prepare(
            `UPDATE blocks SET description = ?, code = ?, version = version + 1, updated_at = ?, updated_by = ?
             WHERE name = ? AND version = ? RETURNING *`,
          )
          .get(input.description, input.code, now, input.by, input.name, input.expectedVersion);
        if (row === undefined) {
          throw new ZiggyError(
            'version_conflict',
            `Block "${input.name}" was changed by someone else: you sent version ${input.expectedVersion}, ` +
              `the current version is ${current.version}. Reload and apply your change again.`,
            { name: input.name, expected: input.expectedVersion, current: current.version },
          );
        }
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as BlockRow);
      });
    },

    async delete(name, audit: AuditInput) {
      writeTransaction(db, file, () => {
        const result = db.prepare('DELETE FROM blocks WHERE name = ?').run(name);
        if (Number(result.changes) === 0) throw notFound(name);
        insertAuditEntry(db, audit, new Date().toISOString());
      });
    },
  };
}
