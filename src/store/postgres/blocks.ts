import type pg from 'pg';
import { blockFromRow, blockNameTaken, blockNotFound, type BlockRow } from '../rows/blocks.ts';
import { versionConflict } from '../rows/version-conflict.ts';
import type { AuditInput, BlockRecord, BlockStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { affectedRows, queryOne, queryRows, writeTransaction, type Queryable } from './database.ts';

async function readOne(db: Queryable, name: string, forUpdate = false): Promise<BlockRecord | undefined> {
  const row = await queryOne<BlockRow>(db, `SELECT * FROM blocks WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`, [name]);
  return row === undefined ? undefined : blockFromRow(row);
}

export function postgresBlockStore(pool: pg.Pool): BlockStore {
  return {
    async list() {
      const rows = await queryRows<BlockRow>(pool, 'SELECT * FROM blocks ORDER BY name');
      return rows.map(blockFromRow);
    },

    async get(name) {
      return readOne(pool, name);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        const row = await queryOne<BlockRow>(
          client,
          `INSERT INTO blocks (name, description, code, retry_safe, version, created_at, created_by, updated_at, updated_by)
           VALUES ($1, $2, $3, $4, 1, $5, $6, $5, $6) ON CONFLICT (name) DO NOTHING RETURNING *`,
          [input.name, input.description, input.code, input.retrySafe, now, input.by],
        );
        if (row === undefined) {
          throw blockNameTaken(input.name);
        }
        await insertAuditEntry(client, audit, now);
        return blockFromRow(row);
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        // Compare-and-set under the row lock: a save based on a stale read is refused.
        const current = await readOne(client, input.name, true);
        if (current === undefined) throw blockNotFound(input.name);
        if (current.version !== input.expectedVersion) {
          throw versionConflict('Block', input.name, input.expectedVersion, current.version);
        }
        const now = new Date().toISOString();
        const row = await queryOne<BlockRow>(
          client,
          `UPDATE blocks SET description = $1, code = $2, retry_safe = $3, version = version + 1, updated_at = $4, updated_by = $5
           WHERE name = $6 RETURNING *`,
          [input.description, input.code, input.retrySafe, now, input.by, input.name],
        );
        await insertAuditEntry(client, audit, now);
        return blockFromRow(row as BlockRow);
      });
    },

    async delete(name, audit: AuditInput) {
      await writeTransaction(pool, async (client) => {
        if ((await affectedRows(client, 'DELETE FROM blocks WHERE name = $1', [name])) === 0) throw blockNotFound(name);
        await insertAuditEntry(client, audit, new Date().toISOString());
      });
    },
  };
}
