/**
 * The store's areas for who may sign in: users, API tokens, sessions and the login failures the
 * rate limiter counts. Passwords, tokens and session ids are kept only as hashes.
 */
import type { ModeRoles, Role } from '../core/roles.ts';
import type { AuditInput } from './types.ts';

export interface UserRecord {
  /** Lower-case letters, digits, `.`, `_`, `-`; checked by the service. */
  username: string;
  /** `scrypt$N$r$p$<salt>$<hash>`; never leaves the service layer. */
  passwordHash: string;
  /** The role in each mode. */
  roles: ModeRoles;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface SaveUserInput {
  username: string;
  passwordHash: string;
  roles: ModeRoles;
}

export interface UpdateUserRecordInput {
  username: string;
  changes: { roles?: ModeRoles; passwordHash?: string; disabled?: boolean };
}

export interface UserStore {
  /** Ordered by username. */
  list(): Promise<UserRecord[]>;
  get(username: string): Promise<UserRecord | undefined>;
  /** `name_taken` when the username exists. */
  create(input: SaveUserInput, audit: AuditInput): Promise<UserRecord>;
  /**
   * `user_not_found` when absent; `bad_input` when it would demote or disable the last enabled admin
   * (admin in every mode). A change of a role, the password hash or disabled ends the user's sessions in the same transaction.
   */
  update(input: UpdateUserRecordInput, audit: AuditInput): Promise<UserRecord>;
  /** Deletes the user with their tokens and sessions; `user_not_found` when absent, `bad_input` for the last enabled admin. */
  delete(username: string, audit: AuditInput): Promise<void>;
}

export interface TokenRecord {
  /** Short random id, used in URLs and the audit log. */
  id: string;
  /** The owner. */
  username: string;
  name: string;
  /** sha256 of the whole token, hex. */
  hash: string;
  prefix: string;
  /** The role asked for at creation; callers cap it in each mode by the owner's current role there. */
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type SaveTokenInput = Pick<TokenRecord, 'id' | 'username' | 'name' | 'hash' | 'prefix' | 'role' | 'expiresAt'>;

export interface TokenStore {
  /** `name_taken` when the owner has a live (unrevoked) token of that name; `user_not_found` when the owner is absent. */
  create(input: SaveTokenInput, audit: AuditInput): Promise<TokenRecord>;
  get(id: string): Promise<TokenRecord | undefined>;
  findByHash(hash: string): Promise<TokenRecord | undefined>;
  /** One owner's tokens, or everyone's; in creation order. */
  list(username?: string): Promise<TokenRecord[]>;
  /** Sets revokedAt (kept when already revoked); `token_not_found` when absent. */
  revoke(id: string, at: string, audit: AuditInput): Promise<TokenRecord>;
  /** Records use; bookkeeping, not audited. */
  touch(id: string, at: string): Promise<void>;
}

export interface SessionRecord {
  /** sha256 of the session id, hex: the id itself is only in the browser's cookie. */
  idHash: string;
  username: string;
  csrfToken: string;
  createdAt: string;
  /** The earlier of the idle and the absolute expiry, as of lastSeenAt. */
  expiresAt: string;
  lastSeenAt: string;
}

export interface SessionStore {
  /** Starts a session at login: also sets the user's lastLoginAt to createdAt and writes the audit entry. `user_not_found` when absent. */
  create(session: SessionRecord, audit: AuditInput): Promise<SessionRecord>;
  get(idHash: string): Promise<SessionRecord | undefined>;
  touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Removes sessions whose expiresAt is at or before `now`; returns how many. */
  deleteExpired(now: string): Promise<number>;
}

/** Failed logins are recorded under a key per username and a key per client address: the limiter's keyed hashes, never the typed text. */
export type LoginFailureKind = 'username' | 'address';

export interface LoginFailureStore {
  /** Records one failed login at `at` under both keys, in one write. */
  record(input: { usernameKey: string; addressKey: string; at: string }): Promise<void>;
  /** The times of the newest `limit` failures under this key later than `after` (ISO), newest first. */
  recent(kind: LoginFailureKind, key: string, after: string, limit: number): Promise<string[]>;
  /** Forgets the failures under a username key (a successful login); address keys keep theirs. */
  clearUsername(usernameKey: string): Promise<void>;
  /** Deletes failures at or before this ISO time, of every key; returns how many. */
  deleteOlderThan(iso: string): Promise<number>;
}
