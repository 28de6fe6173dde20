import type { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import type { Role } from '../../core/roles.ts';
import type { AuditInput, TokenRecord, TokenStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';
import { userNotFound } from './users.ts';

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

/** Holds only the sha256 of each token: the token itself is shown to its owner once and never stored. */
export function sqliteTokenStore(db: DatabaseSync, file: string): TokenStore {
  function readOne(column: 'id' | 'hash', value: string): TokenRecord | undefined {
    const row = db.prepare(`SELECT * FROM api_tokens WHERE ${column} = ?`).get(value);
    return row === undefined ? undefined : toRecord(row as unknown as TokenRow);
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
          throw new ZiggyError('name_taken', `User "${input.username}" already has a token named "${input.name}".`, {
            field: 'name',
            name: input.name,
          });
        }
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `INSERT INTO api_tokens (id, username, name, hash, prefix, role, created_at, expires_at, revoked_at, last_used_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL) RETURNING *`,
          )
          .get(input.id, input.username, input.name, input.hash, input.prefix, input.role, now, input.expiresAt);
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as TokenRow);
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
      return rows.map((row) => toRecord(row as unknown as TokenRow));
    },

    async revoke(id, at, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const row = db
          .prepare('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *')
          .get(at, id);
        if (row === undefined) throw new ZiggyError('token_not_found', `Token "${id}" does not exist.`, { id });
        insertAuditEntry(db, audit, new Date().toISOString());
        return toRecord(row as unknown as TokenRow);
      });
    },

    async touch(id, at) {
      db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
    },
  };
}
