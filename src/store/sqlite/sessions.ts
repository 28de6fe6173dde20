import type { DatabaseSync } from 'node:sqlite';
import { sessionFromRow, type SessionRow } from '../rows/sessions.ts';
import { userNotFound } from '../rows/users.ts';
import type { AuditInput, SessionStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

/** Browser sessions, keyed by the sha256 of the session id so a copy of the database logs nobody in. */
export function sqliteSessionStore(db: DatabaseSync, file: string): SessionStore {
  return {
    async create(session, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const user = db
          .prepare('UPDATE users SET last_login_at = ? WHERE username = ? RETURNING username')
          .get(session.createdAt, session.username);
        if (user === undefined) throw userNotFound(session.username);
        const row = db
          .prepare(
            `INSERT INTO sessions (id_hash, username, csrf_token, created_at, expires_at, last_seen_at)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(
            session.idHash,
            session.username,
            session.csrfToken,
            session.createdAt,
            session.expiresAt,
            session.lastSeenAt,
          );
        insertAuditEntry(db, audit, new Date().toISOString());
        return sessionFromRow(row as unknown as SessionRow);
      });
    },

    async get(idHash) {
      const row = db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash);
      return row === undefined ? undefined : sessionFromRow(row as unknown as SessionRow);
    },

    async touch(idHash, lastSeenAt, expiresAt) {
      db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?').run(
        lastSeenAt,
        expiresAt,
        idHash,
      );
    },

    async delete(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },

    async deleteExpired(now) {
      return Number(db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes);
    },
  };
}
