import type pg from 'pg';
import { ZiggyError } from '../../core/errors.ts';
import type { AuditInput, SecretChanges, SecretRecord, SecretStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { affectedRows, queryOne, queryRows, writeTransaction } from './database.ts';

interface SecretRow {
  name: string;
  description: string;
  tags: string[];
  dev: string;
  prod: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

// Column per changeable field; the SET clause is built from these fixed names only.
const changeColumns = { description: 'description', tags: 'tags', dev: 'dev', prod: 'prod' } as const;

function toRecord(row: SecretRow): SecretRecord {
  return {
    name: row.name,
    description: row.description,
    tags: row.tags,
    dev: row.dev,
    prod: row.prod,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function notFound(name: string): ZiggyError {
  return new ZiggyError('secret_not_found', `Secret "${name}" does not exist.`, { name });
}

/** Holds ciphertexts only: values arrive encrypted by src/secrets and leave the same way. */
export function postgresSecretStore(pool: pg.Pool): SecretStore {
  return {
    async list() {
      const rows = await queryRows<SecretRow>(pool, 'SELECT * FROM secrets ORDER BY name');
      return rows.map(toRecord);
    },

    async get(name) {
      const row = await queryOne<SecretRow>(pool, 'SELECT * FROM secrets WHERE name = $1', [name]);
      return row === undefined ? undefined : toRecord(row);
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
        return toRecord(row as SecretRow);
      });
    },

    async update(name: string, changes: SecretChanges, by: string, audit: AuditInput) {
      const fields = (Object.keys(changeColumns) as Array<keyof SecretChanges>).filter((field) => changes[field] !== undefined);
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        const values: unknown[] = fields.map((field) => changes[field] ?? null);
        const assignments = fields.map((field, index) => `${changeColumns[field]} = $${index + 1}`);
        values.push(now, by, name);
        assignments.push(`updated_at = $${values.length - 2}`, `updated_by = $${values.length - 1}`);
        const row = await queryOne<SecretRow>(
          client,
          `UPDATE secrets SET ${assignments.join(', ')} WHERE name = $${values.length} RETURNING *`,
          values,
        );
        if (row === undefined) throw notFound(name);
        await insertAuditEntry(client, audit, now);
        return toRecord(row);
      });
    },

    async delete(name, audit: AuditInput) {
      await writeTransaction(pool, async (client) => {
        if ((await affectedRows(client, 'DELETE FROM secrets WHERE name = $1', [name])) === 0) throw notFound(name);
        await insertAuditEntry(client, audit, new Date().toISOString());
      });
    },
  };
}
