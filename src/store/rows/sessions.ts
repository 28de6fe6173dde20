import type { SessionRecord } from '../types.ts';

export interface SessionRow {
  id_hash: string;
  username: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export function sessionFromRow(row: SessionRow): SessionRecord {
  return {
    idHash: row.id_hash,
    username: row.username,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
  };
}
