import type { DatabaseSync } from 'node:sqlite';
import { tokenFromRow, tokenNameTaken, tokenNotFound, type TokenRow } from '../rows/tokens.ts';
import { userNotFound } from '../rows/users.ts';
import type { AuditInput, TokenRecord, TokenStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

/** Holds only the sha256 of each token: the token itself is shown to its owner once and never stored. */
export function sqliteTokenStore(db: DatabaseSync, file: string): TokenStore {
  function readOne(column: 'id' | 'hash', value: string): TokenRecord | undefined {
    const row = db.prepare(`SELECT * FROM api_tokens WHERE ${column} = ?`).get(value);
    return row === undefined ? undefined : tokenFromRow(row as unknown as TokenRow);
  }

  return {
    async create(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        if (db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username) === undefined) {
          throw userNotFound(input.username);
        }
        const live = db
          .prepare('SELECT 1 FROM api_tokens WHERE username = ? AND name = ? AND revoked_at IS NULL')
          .get(input.username, input.name);
        if (live !== undefined) {
          throw tokenNameTaken(input.username, input.name);
        }
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `INSERT INTO api_tokens (id, username, name, hash, prefix, role, created_at, expires_at, revoked_at, last_used_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL) RETURNING *`,
          )
          .get(input.id, input.username, input.name, input.hash, input.prefix, input.role, now, input.expiresAt);
        insertAuditEntry(db, audit, now);
        return tokenFromRow(row as unknown as TokenRow);
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
          ? db.prepare('SELECT * FROM api_tokens ORDER BY created_at, rowid').all()
          : db.prepare('SELECT * FROM api_tokens WHERE username = ? ORDER BY created_at, rowid').all(username);
      return rows.map((row) => tokenFromRow(row as unknown as TokenRow));
    },

    async revoke(id, at, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const row = db
          .prepare('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *')
          .get(at, id);
        if (row === undefined) throw tokenNotFound(id);
        insertAuditEntry(db, audit, new Date().toISOString());
        return tokenFromRow(row as unknown as TokenRow);
      });
    },

    async touch(id, at) {
      db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
    },
  };
}
