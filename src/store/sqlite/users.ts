import type { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import type { ModeRoles, Role } from '../../core/roles.ts';
import type { AuditInput, UserRecord, UserStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

interface UserRow {
  username: string;
  password_hash: string;
  dev_role: Role;
  prod_role: Role;
  disabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

function toRecord(row: UserRow): UserRecord {
  return {
    username: row.username,
    passwordHash: row.password_hash,
    roles: { dev: row.dev_role, prod: row.prod_role },
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

const isAdminEverywhere = (roles: ModeRoles): boolean => roles.dev === 'admin' && roles.prod === 'admin';

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
   * cannot both succeed and leave nobody able to manage users. Managing users takes admin in
   * every mode, so an admin here is one in both.
   */
  function assertAnAdminRemains(current: UserRecord, next: { roles: ModeRoles; disabled: boolean } | 'deleted'): void {
    if (!isAdminEverywhere(current.roles) || current.disabled) return;
    if (next !== 'deleted' && isAdminEverywhere(next.roles) && !next.disabled) return;
    const others = db
      .prepare("SELECT count(*) AS count FROM users WHERE dev_role = 'admin' AND prod_role = 'admin' AND disabled = 0 AND username != ?")
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
            `INSERT INTO users (username, password_hash, dev_role, prod_role, disabled, created_at, updated_at, last_login_at)
             VALUES (?, ?, ?, ?, 0, ?, ?, NULL) RETURNING *`,
          )
          .get(input.username, input.passwordHash, input.roles.dev, input.roles.prod, now, now);
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as UserRow);
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
