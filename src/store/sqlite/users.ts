import type { DatabaseSync } from 'node:sqlite';
import type { AuditInput, UserRecord, UserStore } from '../types.ts';
import {
  adminRemovedBy,
  lastAdminError,
  userFromRow,
  userNameTaken,
  userNotFound,
  type UserChange,
  type UserRow,
} from '../rows/users.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

/** A users row as SQLite holds it: disabled as 0 or 1. */
type EncodedUserRow = Omit<UserRow, 'disabled'> & { disabled: number };

const toRecord = (row: EncodedUserRow): UserRecord => userFromRow({ ...row, disabled: row.disabled === 1 });

export function sqliteUserStore(db: DatabaseSync, file: string): UserStore {
  function readOne(username: string): UserRecord | undefined {
    const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username);
    return row === undefined ? undefined : toRecord(row as unknown as EncodedUserRow);
  }

  function require(username: string): UserRecord {
    const user = readOne(username);
    if (user === undefined) throw userNotFound(username);
    return user;
  }

  /** Checked inside the write transaction, so two admins demoting each other at once cannot both succeed. */
  function assertAnAdminRemains(current: UserRecord, next: UserChange): void {
    const verb = adminRemovedBy(current, next);
    if (verb === undefined) return;
    const others = db
      .prepare("SELECT count(*) AS count FROM users WHERE dev_role = 'admin' AND prod_role = 'admin' AND disabled = 0 AND username != ?")
      .get(current.username);
    if (Number(others?.['count']) > 0) return;
    throw lastAdminError(current.username, verb);
  }

  return {
    async list() {
      const rows = db.prepare('SELECT * FROM users ORDER BY username').all();
      return rows.map((row) => toRecord(row as unknown as EncodedUserRow));
    },

    async get(username) {
      return readOne(username);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        if (readOne(input.username) !== undefined) {
          throw userNameTaken(input.username);
        }
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `INSERT INTO users (username, password_hash, dev_role, prod_role, disabled, created_at, updated_at, last_login_at)
             VALUES (?, ?, ?, ?, 0, ?, ?, NULL) RETURNING *`,
          )
          .get(input.username, input.passwordHash, input.roles.dev, input.roles.prod, now, now);
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as EncodedUserRow);
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const current = require(input.username);
        const { changes } = input;
        const roles = changes.roles ?? current.roles;
        const disabled = changes.disabled ?? current.disabled;
        const passwordHash = changes.passwordHash ?? current.passwordHash;
        assertAnAdminRemains(current, { roles, disabled });
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `UPDATE users SET dev_role = ?, prod_role = ?, disabled = ?, password_hash = ?, updated_at = ?
             WHERE username = ? RETURNING *`,
          )
          .get(roles.dev, roles.prod, disabled ? 1 : 0, passwordHash, now, input.username);
        const rolesChanged = roles.dev !== current.roles.dev || roles.prod !== current.roles.prod;
        // Sessions were granted under the old roles, password or enabled state: they end with them.
        if (rolesChanged || disabled !== current.disabled || passwordHash !== current.passwordHash) {
          db.prepare('DELETE FROM sessions WHERE username = ?').run(input.username);
        }
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as EncodedUserRow);
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
