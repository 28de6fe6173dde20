import type pg from 'pg';
import { ZiggyError } from '../../core/errors.ts';
import type { Role } from '../../core/roles.ts';
import type { AuditInput, TokenRecord, TokenStore } from '../types.ts';
import { userNotFound } from '../sqlite/users.ts';
import { insertAuditEntry } from './audit.ts';
import { isForeignKeyViolation, isUniqueViolation, queryOne, queryRows, writeTransaction } from './database.ts';

interface TokenRow {
  id: string;
  username: string;
  name: string;
  hash: string;
  prefix: string;
  role: Role;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    hash: row.hash,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

// Every column but the ordering one, which is no part of the record.
const tokenColumns = 'id, username, name, hash, prefix, role, created_at, expires_at, revoked_at, last_used_at';

/** Holds only the sha256 of each token: the token itself is shown to its owner once and never stored. */
export function postgresTokenStore(pool: pg.Pool): TokenStore {
  async function readOne(column: 'id' | 'hash', value: string): Promise<TokenRecord | undefined> {
    const row = await queryOne<TokenRow>(pool, `SELECT ${tokenColumns} FROM api_tokens WHERE ${column} = $1`, [value]);
    return row === undefined ? undefined : toRecord(row);
  }

  return {
    async create(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        try {
          const row = await queryOne<TokenRow>(
            client,
            `INSERT INTO api_tokens (id, username, name, hash, prefix, role, created_at, expires_at, revoked_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL) RETURNING ${tokenColumns}`,
            [input.id, input.username, input.name, input.hash, input.prefix, input.role, now, input.expiresAt],
          );
          await insertAuditEntry(client, audit, now);
          return toRecord(row as TokenRow);
        } catch (error) {
          // The constraints decide, so two concurrent creates cannot both pass a check made before inserting.
          if (isForeignKeyViolation(error)) throw userNotFound(input.username);
          if (isUniqueViolation(error) && (error as { constraint?: string }).constraint === 'api_tokens_live_name') {
            throw new ZiggyError('name_taken', `User "${input.username}" already has a token named "${input.name}".`, {
              field: 'name',
              name: input.name,
            });
          }
          throw error;
        }
      });
    },

    async get(id) {
      return readOne('id', id);
    },

    async findByHash(hash) {
      return readOne('hash', hash);
    },

    async list(username) {
      const rows =
        username === undefined
          ? await queryRows<TokenRow>(pool, `SELECT ${tokenColumns} FROM api_tokens ORDER BY created_at, position`)
          : await queryRows<TokenRow>(
              pool,
              `SELECT ${tokenColumns} FROM api_tokens WHERE username = $1 ORDER BY created_at, position`,
              [username],
            );
      return rows.map(toRecord);
    },

    async revoke(id, at, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const row = await queryOne<TokenRow>(
          client,
          `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING ${tokenColumns}`,
          [at, id],
        );
        if (row === undefined) throw new ZiggyError('token_not_found', `Token "${id}" does not exist.`, { id });
        await insertAuditEntry(client, audit, new Date().toISOString());
        return toRecord(row);
      });
    },

    async touch(id, at) {
      await pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
    },
  };
}
