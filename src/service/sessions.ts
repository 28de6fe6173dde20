import type { SessionRecord, Store, UserRecord } from '../store/types.ts';
import type { SessionInfo } from './auth-types.ts';
import { randomSecret, sha256Hex } from './passwords.ts';

/** A session ends after this long without a request… */
export const sessionIdleMs = 12 * 60 * 60_000;
/** …and this long after login, however active. */
export const sessionAbsoluteMs = 7 * 24 * 60 * 60_000;
// Sliding the idle expiry writes to the database; once a minute is precise enough and spares a write per request.
export const sessionTouchIntervalMs = 60_000;

export interface StartedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
}

export interface SessionManager {
  /** Stores the session (by hash), sets the user's lastLoginAt and audits `user.login`. */
  start(user: UserRecord, address: string): Promise<StartedSession>;
  /** The live session, sliding its idle expiry; undefined when unknown, expired or its user is gone or disabled. */
  resolve(sessionId: string): Promise<SessionInfo | undefined>;
  end(sessionId: string): Promise<void>;
}

function expiryOf(createdAt: number, lastSeenAt: number): string {
  return new Date(Math.min(lastSeenAt + sessionIdleMs, createdAt + sessionAbsoluteMs)).toISOString();
}

export function createSessionManager(store: Store, now: () => Date): SessionManager {
  return {
    async start(user, address) {
      const at = now();
      const sessionId = randomSecret();
      const record: SessionRecord = {
        idHash: sha256Hex(sessionId),
        username: user.username,
        csrfToken: randomSecret(),
        createdAt: at.toISOString(),
        expiresAt: expiryOf(at.getTime(), at.getTime()),
        lastSeenAt: at.toISOString(),
      };
      // Logins are rare enough to carry the cleanup of sessions nobody will use again.
      await store.sessions.deleteExpired(record.createdAt);
      await store.sessions.create(record, {
        actor: `user:${user.username}`,
        action: 'user.login',
        entityType: 'user',
        entityName: user.username,
        details: { address },
      });
      return { sessionId, csrfToken: record.csrfToken, expiresAt: record.expiresAt };
    },

    async resolve(sessionId) {
      if (typeof sessionId !== 'string' || sessionId === '') return undefined;
      const record = await store.sessions.get(sha256Hex(sessionId));
      if (!record) return undefined;
      const time = now().getTime();
      if (Date.parse(record.expiresAt) <= time) {
        await store.sessions.delete(record.idHash);
        return undefined;
      }
      const user = await store.users.get(record.username);
      if (!user || user.disabled) return undefined;
      let expiresAt = record.expiresAt;
      if (time - Date.parse(record.lastSeenAt) >= sessionTouchIntervalMs) {
        expiresAt = expiryOf(Date.parse(record.createdAt), time);
        await store.sessions.touch(record.idHash, new Date(time).toISOString(), expiresAt);
      }
      return {
        principal: { username: user.username, roles: user.roles, via: 'session', actor: `user:${user.username}` },
        csrfToken: record.csrfToken,
        expiresAt,
      };
    },

    async end(sessionId) {
      if (typeof sessionId !== 'string' || sessionId === '') return;
      await store.sessions.delete(sha256Hex(sessionId));
    },
  };
}
