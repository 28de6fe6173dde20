import { ZiggyError } from '../../core/errors.ts';
import type { ModeRoles, Role } from '../../core/roles.ts';
import type { UserRecord } from '../types.ts';

/** A users row as both stores read it, booleans as booleans. */
export interface UserRow {
  username: string;
  password_hash: string;
  dev_role: Role;
  prod_role: Role;
  disabled: boolean;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export function userFromRow(row: UserRow): UserRecord {
  return {
    username: row.username,
    passwordHash: row.password_hash,
    roles: { dev: row.dev_role, prod: row.prod_role },
    disabled: row.disabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

export function userNotFound(username: string): ZiggyError {
  return new ZiggyError('user_not_found', `User "${username}" does not exist.`, { username });
}

export function userNameTaken(username: string): ZiggyError {
  return new ZiggyError('name_taken', `A user named "${username}" already exists.`, { field: 'username', username });
}

const isAdminEverywhere = (roles: ModeRoles): boolean => roles.dev === 'admin' && roles.prod === 'admin';

export type UserChange = { roles: ModeRoles; disabled: boolean } | 'deleted';

/**
 * What a change does to an enabled admin, when it takes that admin away: `delete`, `disable`
 * or `demote`; undefined when the user stays an enabled admin or never was one. Managing users
 * takes admin in every mode, so an admin here is one in both. The store then counts the others.
 */
export function adminRemovedBy(current: UserRecord, next: UserChange): 'delete' | 'disable' | 'demote' | undefined {
  if (!isAdminEverywhere(current.roles) || current.disabled) return undefined;
  if (next !== 'deleted' && isAdminEverywhere(next.roles) && !next.disabled) return undefined;
  return next === 'deleted' ? 'delete' : next.disabled ? 'disable' : 'demote';
}

export function lastAdminError(username: string, verb: 'delete' | 'disable' | 'demote'): ZiggyError {
  return new ZiggyError('bad_input', `Cannot ${verb} user "${username}": it is the last enabled admin. Make another user an admin first.`, { username });
}
