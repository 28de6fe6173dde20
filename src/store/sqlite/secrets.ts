import type { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import type { AuditInput, SecretChanges, SecretRecord, SecretStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

interface SecretRow {
  name: string;
  description: string;
  tags: string;
  dev: string;
  prod: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

// Column per changeable field; the SET clause is built from these fixed names only.
const changeColumns = { description: 'description', tags: 'tags', dev: 'dev', prod: 'prod' } as const;

function columnValue(field: keyof SecretChanges, changes: SecretChanges): string | null {
  return field === 'tags' ? JSON.stringify(changes.tags) : (changes[field] ?? null);
}

function toRecord(row: SecretRow): SecretRecord {
  return {
    name: row.name,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    dev: row.dev,
    prod: row.prod,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Holds ciphertexts only: values arrive encrypted by src/secrets and leave the same way. */
export function sqliteSecretStore(db: DatabaseSync, file: string): SecretStore {
  return {
    async list() {
      const rows = db.prepare('SELECT * FROM secrets ORDER BY name').all();
      return rows.map((row) => toRecord(row as unknown as SecretRow));
    },

    async get(name) {
      const row = db.prepare('SELECT * FROM secrets WHERE name = ?').get(name);
      return row === undefined ? undefined : toRecord(row as unknown as SecretRow);
    },

    async put(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const now = new Date().toISOString();
        // An existing secret keeps created_at/created_by: the upsert's UPDATE branch does not touch them.
        const row = db
          .prepare(
            `INSERT INTO secrets (name, description, tags, dev, prod, created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET
               description = excluded.description, tags = excluded.tags, dev = excluded.dev, prod = excluded.prod,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by
             RETURNING *`,
          )
          .get(
            input.name,
            input.description,
            JSON.stringify(input.tags),
            input.dev,
            input.prod,
            now,
            input.by,
            now,
            input.by,
          );
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as SecretRow);
      });
    },

    async update(name: string, changes: SecretChanges, by: string, audit: AuditInput) {
      const fields = (Object.keys(changeColumns) as Array<keyof SecretChanges>).filter((field) => changes[field] !== undefined);
      return writeTransaction(db, file, () => {
        const now = new Date().toISOString();
        const assignments = fields.map((field) => `${changeColumns[field]} = ?`).concat('updated_at = ?', 'updated_by = ?');
        const row = db
          .prepare(`UPDATE secrets SET ${assignments.join(', ')} WHERE name = ? RETURNING *`)
          .get(...fields.map((field) => columnValue(field, changes)), now, by, name);
        if (row === undefined) throw new ZiggyError('secret_not_found', `Secret "${name}" does not exist.`, { name });
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as SecretRow);
      });
    },

    async delete(name, audit: AuditInput) {
      writeTransaction(db, file, () => {
        const result = db.prepare('DELETE FROM secrets WHERE name = ?').run(name);
        if (Number(result.changes) === 0) {
          throw new ZiggyError('secret_not_found', `Secret "${name}" does not exist.`, { name });
        }
        insertAuditEntry(db, audit, new Date().toISOString());
      });
    },
  };
}
