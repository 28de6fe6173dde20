import { ZiggyError } from '../../core/errors.ts';
import type { Role } from '../../core/roles.ts';
import type { TokenRecord } from '../types.ts';

export interface TokenRow {
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

export function tokenFromRow(row: TokenRow): TokenRecord {
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

export function tokenNotFound(id: string): ZiggyError {
  return new ZiggyError('token_not_found', `Token "${id}" does not exist.`, { id });
}

/** Names are unique among a user's live tokens: a revoked token's name may be used again. */
export function tokenNameTaken(username: string, name: string): ZiggyError {
  return new ZiggyError('name_taken', `User "${username}" already has a token named "${name}".`, { field: 'name', name });
}
