import type pg from 'pg';
import { secretChangeColumns, secretFromRow, secretNotFound, type SecretRow } from '../rows/secrets.ts';
import type { AuditInput, SecretChanges, SecretStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { affectedRows, queryOne, queryRows, writeTransaction } from './database.ts';

/** Holds ciphertexts only: values arrive encrypted by src/secrets and leave the same way. */
export function postgresSecretStore(pool: pg.Pool): SecretStore {
  return {
    async list() {
      const rows = await queryRows<SecretRow>(pool, 'SELECT * FROM secrets ORDER BY name');
      return rows.map(secretFromRow);
    },

    async get(name) {
      const row = await queryOne<SecretRow>(pool, 'SELECT * FROM secrets WHERE name = $1', [name]);
      return row === undefined ? undefined : secretFromRow(row);
    },

    async put(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        // An existing secret keeps created_at/created_by: the upsert's UPDATE branch does not touch them.
        const row = await queryOne<SecretRow>(
          client,
          `INSERT INTO secrets (name, description, tags, dev, prod, created_at, created_by, updated_at, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7)
           ON CONFLICT (name) DO UPDATE SET
             description = excluded.description, tags = excluded.tags, dev = excluded.dev, prod = excluded.prod,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by
           RETURNING *`,
          [input.name, input.description, input.tags, input.dev, input.prod, now, input.by],
        );
        await insertAuditEntry(client, audit, now);
        return secretFromRow(row as SecretRow);
      });
    },

    async update(name: string, changes: SecretChanges, by: string, audit: AuditInput) {
      const fields = (Object.keys(secretChangeColumns) as Array<keyof SecretChanges>).filter((field) => changes[field] !== undefined);
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        const values: unknown[] = fields.map((field) => changes[field] ?? null);
        const assignments = fields.map((field, index) => `${secretChangeColumns[field]} = $${index + 1}`);
        values.push(now, by, name);
        assignments.push(`updated_at = $${values.length - 2}`, `updated_by = $${values.length - 1}`);
        const row = await queryOne<SecretRow>(
          client,
          `UPDATE secrets SET ${assignments.join(', ')} WHERE name = $${values.length} RETURNING *`,
          values,
        );
        if (row === undefined) throw secretNotFound(name);
        await insertAuditEntry(client, audit, now);
        return secretFromRow(row);
      });
    },

    async delete(name, audit: AuditInput) {
      await writeTransaction(pool, async (client) => {
        if ((await affectedRows(client, 'DELETE FROM secrets WHERE name = $1', [name])) === 0) throw secretNotFound(name);
        await insertAuditEntry(client, audit, new Date().toISOString());
      });
    },
  };
}
