import type pg from 'pg';
import { ZiggyError } from '../../core/errors.ts';
import type { AuditInput, BlockRecord, BlockStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { affectedRows, queryOne, queryRows, writeTransaction, type Queryable } from './database.ts';

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

async function readOne(db: Queryable, name: string, forUpdate = false): Promise<BlockRecord | undefined> {
  const row = await queryOne<BlockRow>(db, `SELECT * FROM blocks WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`, [name]);
  return row === undefined ? undefined : toRecord(row);
}

export function postgresBlockStore(pool: pg.Pool): BlockStore {
  return {
    async list() {
      const rows = await queryRows<BlockRow>(pool, 'SELECT * FROM blocks ORDER BY name');
      return rows.map(toRecord);
    },

    async get(name) {
      return readOne(pool, name);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        const row = await queryOne<BlockRow>(
          client,
          `INSERT INTO blocks (name, description, code, version, created_at, created_by, updated_at, updated_by)
           VALUES ($1, $2, $3, 1, $4, $5, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING *`,
          [input.name, input.description, input.code, now, input.by],
        );
        if (row === undefined) {
          throw new ZiggyError('name_taken', `A block named "${input.name}" already exists.`, { name: input.name });
        }
        await insertAuditEntry(client, audit, now);
        return toRecord(row);
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        // Compare-and-set under the row lock: a save based on a stale read is refused.
        const current = await readOne(client, input.name, true);
        if (current === undefined) throw notFound(input.name);
        if (current.version !== input.expectedVersion) {
          throw new ZiggyError(
            'version_conflict',
            `Block "${input.name}" was changed by someone else: you sent version ${input.expectedVersion}, ` +
              `the current version is ${current.version}. Reload and apply your change again.`,
            { name: input.name, expected: input.expectedVersion, current: current.version },
          );
        }
        const now = new Date().toISOString();
        const row = await queryOne<BlockRow>(
          client,
          `UPDATE blocks SET description = $1, code = $2, version = version + 1, updated_at = $3, updated_by = $4
           WHERE name = $5 RETURNING *`,
          [input.description, input.code, now, input.by, input.name],
        );
        await insertAuditEntry(client, audit, now);
        return toRecord(row as BlockRow);
      });
    },

    async delete(name, audit: AuditInput) {
      await writeTransaction(pool, async (client) => {
        if ((await affectedRows(client, 'DELETE FROM blocks WHERE name = $1', [name])) === 0) throw notFound(name);
        await insertAuditEntry(client, audit, new Date().toISOString());
      });
    },
  };
}
