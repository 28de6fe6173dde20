import type { DatabaseSync } from 'node:sqlite';
import { secretChangeColumns, secretFromRow, secretNotFound, type SecretRow } from '../rows/secrets.ts';
import type { AuditInput, SecretChanges, SecretRecord, SecretStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

/** A secrets row as SQLite holds it: tags as JSON text. */
type EncodedSecretRow = Omit<SecretRow, 'tags'> & { tags: string };

const toRecord = (row: EncodedSecretRow): SecretRecord => secretFromRow({ ...row, tags: JSON.parse(row.tags) as string[] });

function columnValue(field: keyof SecretChanges, changes: SecretChanges): string | null {
  return field === 'tags' ? JSON.stringify(changes.tags) : (changes[field] ?? null);
}

/** Holds ciphertexts only: values arrive encrypted by src/secrets and leave the same way. */
export function sqliteSecretStore(db: DatabaseSync, file: string): SecretStore {
  return {
    async list() {
      const rows = db.prepare('SELECT * FROM secrets ORDER BY name').all();
      return rows.map((row) => toRecord(row as unknown as EncodedSecretRow));
    },

    async get(name) {
      const row = db.prepare('SELECT * FROM secrets WHERE name = ?').get(name);
      return row === undefined ? undefined : toRecord(row as unknown as EncodedSecretRow);
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
        return toRecord(row as unknown as EncodedSecretRow);
      });
    },

    async update(name: string, changes: SecretChanges, by: string, audit: AuditInput) {
      const fields = (Object.keys(secretChangeColumns) as Array<keyof SecretChanges>).filter((field) => changes[field] !== undefined);
      return writeTransaction(db, file, () => {
        const now = new Date().toISOString();
        const assignments = fields.map((field) => `${secretChangeColumns[field]} = ?`).concat('updated_at = ?', 'updated_by = ?');
        const row = db
          .prepare(`UPDATE secrets SET ${assignments.join(', ')} WHERE name = ? RETURNING *`)
          .get(...fields.map((field) => columnValue(field, changes)), now, by, name);
        if (row === undefined) throw secretNotFound(name);
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as EncodedSecretRow);
      });
    },

    async delete(name, audit: AuditInput) {
      writeTransaction(db, file, () => {
        const result = db.prepare('DELETE FROM secrets WHERE name = ?').run(name);
        if (Number(result.changes) === 0) throw secretNotFound(name);
        insertAuditEntry(db, audit, new Date().toISOString());
      });
    },
  };
}
