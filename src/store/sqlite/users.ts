import type { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import type { Role } from '../../core/roles.ts';
import type { AuditInput, UserRecord, UserStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  disabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

function toRecord(row: UserRow): UserRecord {
  return {
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

export function userNotFound(username: string): ZiggyError {
  return new ZiggyError('user_not_found', `User "${username}" does not exist.`, { username });
}

export function sqliteUserStore(db: DatabaseSync, file: string): UserStore {
  function readOne(username: string): UserRecord | undefined {
    const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username);
    return row === undefined ? undefined : toRecord(row as unknown as UserRow);
  }

  function require(username: string): UserRecord {
    const user = readOne(username);
    if (user === undefined) throw userNotFound(username);
    return user;
  }

  /**
   * Checked inside the write transaction, so two admins demoting each other at once
   * cannot both succeed and leave nobody able to manage users.
   */
  function assertAnAdminRemains(current: UserRecord, next: { role: Role; disabled: boolean } | 'deleted'): void {
    if (current.role !== 'admin' || current.disabled) return;
    if (next !== 'deleted' && next.role === 'admin' && !next.disabled) return;
    const others = db
      .prepare("SELECT count(*) AS count FROM users WHERE role = 'admin' AND disabled = 0 AND username != ?")
      .get(current.username);
    if (Number(others?.['count']) > 0) return;
    const verb = next === 'deleted' ? 'delete' : next.disabled ? 'disable' : 'demote';
    throw new ZiggyError(
      'bad_input',
      `Cannot ${verb} user "${current.username}": it is the last enabled admin. Make another user an admin first.`,
      { username: current.username },
    );
  }

  return {
    async list() {
      const rows = db.prepare('SELECT * FROM users ORDER BY username').all();
      return rows.map((row) => toRecord(row as unknown as UserRow));
    },

    async get(username) {
      return readOne(username);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        if (readOne(input.username) !== undefined) {
          throw new ZiggyError('name_taken', `A user named "${input.username}" already exists.`, {
            field: 'username',
            username: input.username,
          });
        }
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `INSERT INTO users (username, password_hash, role, disabled, created_at, updated_at, last_login_at)
             VALUES (?, ?, ?, 0, ?, ?, NULL) RETURNING *`,
          )
          .get(input.username, input.passwordHash, input.role, now, now);
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as UserRow);
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const current = require(input.username);
        const { changes } = input;
        const role = changes.role ?? current.role;
        const disabled = changes.disabled ?? current.disabled;
        const passwordHash = changes.passwordHash ?? current.passwordHash;
        assertAnAdminRemains(current, { role, disabled });
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `UPDATE users SET role = ?, disabled = ?, password_hash = ?, updated_at = ?
             WHERE username = ? RETURNING *`,
          )
          .get(role, disabled ? 1 : 0, passwordHash, now, input.username);
        // Sessions were granted under the old role, password or enabled state: they end with it.
        if (role !== current.role || disabled !== current.disabled || passwordHash !== current.passwordHash) {
          db.prepare('DELETE FROM sessions WHERE username = ?').run(input.username);
        }
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as UserRow);
      });
    },

    async delete(username, audit: AuditInput) {
      writeTransaction(db, file, () => {
        assertAnAdminRemains(require(username), 'deleted');
        // Tokens and sessions go with the user (ON DELETE CASCADE).
        db.prepare('DELETE FROM users WHERE username = ?').run(username);
        insertAuditEntry(db, audit, new Date().toISOString());
      });
    },
  };
}
