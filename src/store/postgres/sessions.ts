import type pg from 'pg';
import type { AuditInput, SessionRecord, SessionStore } from '../types.ts';
import { userNotFound } from '../sqlite/users.ts';
import { insertAuditEntry } from './audit.ts';
import { affectedRows, queryOne, writeTransaction } from './database.ts';

interface SessionRow {
  id_hash: string;
  username: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    idHash: row.id_hash,
    username: row.username,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
  };
}

/** Browser sessions, keyed by the sha256 of the session id so a copy of the database logs nobody in. */
export function postgresSessionStore(pool: pg.Pool): SessionStore {
  return {
    async create(session, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const user = await queryOne<{ username: string }>(
          client,
          'UPDATE users SET last_login_at = $1 WHERE username = $2 RETURNING username',
          [session.createdAt, session.username],
        );
        if (user === undefined) throw userNotFound(session.username);
        const row = await queryOne<SessionRow>(
          client,
          `INSERT INTO sessions (id_hash, username, csrf_token, created_at, expires_at, last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [session.idHash, session.username, session.csrfToken, session.createdAt, session.expiresAt, session.lastSeenAt],
        );
        await insertAuditEntry(client, audit, new Date().toISOString());
        return toRecord(row as SessionRow);
      });
    },

    async get(idHash) {
      const row = await queryOne<SessionRow>(pool, 'SELECT * FROM sessions WHERE id_hash = $1', [idHash]);
      return row === undefined ? undefined : toRecord(row);
    },

    async touch(idHash, lastSeenAt, expiresAt) {
      await pool.query('UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id_hash = $3', [
        lastSeenAt,
        expiresAt,
        idHash,
      ]);
    },

    async delete(idHash) {
      await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },

    async deleteExpired(now) {
      return affectedRows(pool, 'DELETE FROM sessions WHERE expires_at <= $1', [now]);
    },
  };
}
