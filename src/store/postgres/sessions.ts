import type pg from 'pg';
import { sessionFromRow, type SessionRow } from '../rows/sessions.ts';
import { userNotFound } from '../rows/users.ts';
import type { AuditInput, SessionStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { affectedRows, queryOne, writeTransaction } from './database.ts';

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
        return sessionFromRow(row as SessionRow);
      });
    },

    async get(idHash) {
      const row = await queryOne<SessionRow>(pool, 'SELECT * FROM sessions WHERE id_hash = $1', [idHash]);
      return row === undefined ? undefined : sessionFromRow(row);
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
