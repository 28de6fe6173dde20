import type { DatabaseSync } from 'node:sqlite';
import { blockFromRow, blockNameTaken, blockNotFound, type BlockRow } from '../rows/blocks.ts';
import { versionConflict } from '../rows/version-conflict.ts';
import type { AuditInput, BlockRecord, BlockStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

export function sqliteBlockStore(db: DatabaseSync, file: string): BlockStore {
  const selectOne = db.prepare('SELECT * FROM blocks WHERE name = ?');

  function readOne(name: string): BlockRecord | undefined {
    const row = selectOne.get(name);
    return row === undefined ? undefined : blockFromRow(row as unknown as BlockRow);
  }

  return {
    async list() {
      const rows = db.prepare('SELECT * FROM blocks ORDER BY name').all();
      return rows.map((row) => blockFromRow(row as unknown as BlockRow));
    },

    async get(name) {
      return readOne(name);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        if (readOne(input.name) !== undefined) {
          throw blockNameTaken(input.name);
        }
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `INSERT INTO blocks (name, description, code, retry_safe, version, created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING *`,
          )
          .get(input.name, input.description, input.code, input.retrySafe ? 1 : 0, now, input.by, now, input.by);
        insertAuditEntry(db, audit, now);
        return blockFromRow(row as unknown as BlockRow);
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const current = readOne(input.name);
        if (current === undefined) throw blockNotFound(input.name);
        const now = new Date().toISOString();
        // Compare-and-set: the version in the WHERE clause refuses a save based on a stale read.
        const row = db
          .prepare(
            `UPDATE blocks SET description = ?, code = ?, retry_safe = ?, version = version + 1, updated_at = ?, updated_by = ?
             WHERE name = ? AND version = ? RETURNING *`,
          )
          .get(input.description, input.code, input.retrySafe ? 1 : 0, now, input.by, input.name, input.expectedVersion);
        if (row === undefined) {
          throw versionConflict('Block', input.name, input.expectedVersion, current.version);
        }
        insertAuditEntry(db, audit, now);
        return blockFromRow(row as unknown as BlockRow);
      });
    },

    async delete(name, audit: AuditInput) {
      writeTransaction(db, file, () => {
        const result = db.prepare('DELETE FROM blocks WHERE name = ?').run(name);
        if (Number(result.changes) === 0) throw blockNotFound(name);
        insertAuditEntry(db, audit, new Date().toISOString());
      });
    },
  };
}
