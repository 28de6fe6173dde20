import type pg from 'pg';
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
import { queryOne, queryRows, writeTransaction, type Queryable } from './database.ts';

/**
 * Held by every user update and delete until its transaction ends, so two admins demoting
 * each other at once cannot both succeed: the second waits, then counts the first as demoted.
 * Row locks would serve too, but two admins locking each other's rows can deadlock.
 */
const userChangeLockKey = 0x7a69676775;

async function readOne(db: Queryable, username: string): Promise<UserRecord | undefined> {
  const row = await queryOne<UserRow>(db, 'SELECT * FROM users WHERE username = $1', [username]);
  return row === undefined ? undefined : userFromRow(row);
}

async function assertAnAdminRemains(db: Queryable, current: UserRecord, next: UserChange): Promise<void> {
  const verb = adminRemovedBy(current, next);
  if (verb === undefined) return;
  const others = await queryOne<{ count: number }>(
    db,
    `SELECT count(*)::integer AS count FROM users
     WHERE dev_role = 'admin' AND prod_role = 'admin' AND NOT disabled AND username <> $1`,
    [current.username],
  );
  if ((others?.count ?? 0) > 0) return;
  throw lastAdminError(current.username, verb);
}

/** Takes the user-change lock, then reads the user as it is now. */
async function lockAndRead(db: Queryable, username: string): Promise<UserRecord> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [userChangeLockKey]);
  const user = await readOne(db, username);
  if (user === undefined) throw userNotFound(username);
  return user;
}

export function postgresUserStore(pool: pg.Pool): UserStore {
  return {
    async list() {
      const rows = await queryRows<UserRow>(pool, 'SELECT * FROM users ORDER BY username');
      return rows.map(userFromRow);
    },

    async get(username) {
      return readOne(pool, username);
    },

    async create(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        const row = await queryOne<UserRow>(
          client,
          `INSERT INTO users (username, password_hash, dev_role, prod_role, disabled, created_at, updated_at, last_login_at)
           VALUES ($1, $2, $3, $4, false, $5, $5, NULL)
           ON CONFLICT (username) DO NOTHING RETURNING *`,
          [input.username, input.passwordHash, input.roles.dev, input.roles.prod, now],
        );
        if (row === undefined) {
          throw userNameTaken(input.username);
        }
        await insertAuditEntry(client, audit, now);
        return userFromRow(row);
      });
    },

    async update(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const current = await lockAndRead(client, input.username);
        const { changes } = input;
        const roles = changes.roles ?? current.roles;
        const disabled = changes.disabled ?? current.disabled;
        const passwordHash = changes.passwordHash ?? current.passwordHash;
        await assertAnAdminRemains(client, current, { roles, disabled });
        const now = new Date().toISOString();
        const row = await queryOne<UserRow>(
          client,
          `UPDATE users SET dev_role = $1, prod_role = $2, disabled = $3, password_hash = $4, updated_at = $5
           WHERE username = $6 RETURNING *`,
          [roles.dev, roles.prod, disabled, passwordHash, now, input.username],
        );
        const rolesChanged = roles.dev !== current.roles.dev || roles.prod !== current.roles.prod;
        // Sessions were granted under the old roles, password or enabled state: they end with them.
        if (rolesChanged || disabled !== current.disabled || passwordHash !== current.passwordHash) {
          await client.query('DELETE FROM sessions WHERE username = $1', [input.username]);
        }
        await insertAuditEntry(client, audit, now);
        return userFromRow(row as UserRow);
      });
    },

    async delete(username, audit: AuditInput) {
      await writeTransaction(pool, async (client) => {
        await assertAnAdminRemains(client, await lockAndRead(client, username), 'deleted');
        // Tokens and sessions go with the user (ON DELETE CASCADE).
        await client.query('DELETE FROM users WHERE username = $1', [username]);
        await insertAuditEntry(client, audit, new Date().toISOString());
      });
    },
  };
}
