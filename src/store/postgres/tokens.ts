import type pg from 'pg';
import { tokenFromRow, tokenNameTaken, tokenNotFound, type TokenRow } from '../rows/tokens.ts';
import { userNotFound } from '../rows/users.ts';
import type { AuditInput, TokenRecord, TokenStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { isForeignKeyViolation, isUniqueViolation, queryOne, queryRows, writeTransaction } from './database.ts';

// Every column but the ordering one, which is no part of the record.
const tokenColumns = 'id, username, name, hash, prefix, role, created_at, expires_at, revoked_at, last_used_at';

/** Holds only the sha256 of each token: the token itself is shown to its owner once and never stored. */
export function postgresTokenStore(pool: pg.Pool): TokenStore {
  async function readOne(column: 'id' | 'hash', value: string): Promise<TokenRecord | undefined> {
    const row = await queryOne<TokenRow>(pool, `SELECT ${tokenColumns} FROM api_tokens WHERE ${column} = $1`, [value]);
    return row === undefined ? undefined : tokenFromRow(row);
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
          return tokenFromRow(row as TokenRow);
        } catch (error) {
          // The constraints decide, so two concurrent creates cannot both pass a check made before inserting.
          if (isForeignKeyViolation(error)) throw userNotFound(input.username);
          if (isUniqueViolation(error) && (error as { constraint?: string }).constraint === 'api_tokens_live_name') {
            throw tokenNameTaken(input.username, input.name);
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
      return rows.map(tokenFromRow);
    },

    async revoke(id, at, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const row = await queryOne<TokenRow>(
          client,
          `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING ${tokenColumns}`,
          [at, id],
        );
        if (row === undefined) throw tokenNotFound(id);
        await insertAuditEntry(client, audit, new Date().toISOString());
        return tokenFromRow(row);
      });
    },

    async touch(id, at) {
      await pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
    },
  };
}
