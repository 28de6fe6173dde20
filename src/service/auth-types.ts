import type { Mode, ModeRoles, Role } from '../core/index.ts';
import type { Actor } from '../store/types.ts';

/** Who is calling, as the server authenticated them. */
export interface Principal {
  username: string;
  /** What the caller may do in each mode: the user's roles, for a token capped by the token's role. */
  roles: ModeRoles;
  via: 'session' | 'token';
  /** Set when `via` is `token`. */
  tokenId?: string;
  /** What the audit log records: `user:alice`, or `token:alice/ci-deploy` for a token. */
  actor: Actor;
}

export interface UserView {
  username: string;
  roles: ModeRoles;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface TokenView {
  id: string;
  name: string;
  /** The owner. */
  username: string;
  /** The role asked for at creation: the token's ceiling in every mode. */
  role: Role;
  /** What the token may do in each mode now: its role, capped by the owner's role there. */
  roles: ModeRoles;
  /** The first characters of the token, to recognise it in a list; the rest is never stored. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  /** The whole token, shown once: only its hash is stored. */
  token: string;
  view: TokenView;
}

export interface LoginResult {
  /** Goes into the httpOnly session cookie; only its hash is stored. */
  sessionId: string;
  /** Sent back by the browser in `x-csrf-token` on every state-changing request. */
  csrfToken: string;
  expiresAt: string;
  user: UserView;
}

export interface SessionInfo {
  principal: Principal;
  csrfToken: string;
  expiresAt: string;
}

export interface AdminBootstrap {
  created: boolean;
  /** The one-time password to print on the console, when it was generated (not taken from the environment). */
  oneTimePassword?: string;
}

export interface AuthService {
  /** On an empty user table: creates `admin` with `ZIGGY_ADMIN_PASSWORD` or a generated one-time password. */
  bootstrapAdmin(env: Record<string, string | undefined>): Promise<AdminBootstrap>;
  /** `unauthorized` with one message for any wrong name or password; `rate_limited` (with `retryAfterSeconds`) after too many failures per user or per address. */
  login(username: string, password: string, address: string): Promise<LoginResult>;
  logout(sessionId: string): Promise<void>;
  /** The live session, extending its idle expiry; undefined when unknown, expired or its user is disabled. */
  session(sessionId: string): Promise<SessionInfo | undefined>;
  /** The token's principal; undefined when unknown, expired, revoked or its owner is disabled. */
  token(bearer: string): Promise<Principal | undefined>;
}

/** Give `roles` (a role per mode) or `role` (the same role in both modes), not both. */
export interface CreateUserInput {
  username: string;
  password: string;
  role?: Role;
  roles?: ModeRoles;
}

export interface UpdateUserInput {
  /** The same role in both modes. */
  role?: Role;
  /** The modes given change; a mode left out keeps its role. */
  roles?: Partial<ModeRoles>;
  password?: string;
  disabled?: boolean;
}

export interface UserService {
  list(): Promise<UserView[]>;
  get(username: string): Promise<UserView>;
  create(input: CreateUserInput, actor: Actor): Promise<UserView>;
  /** Refuses to demote, disable or delete the last enabled admin. A role change or disabling ends the user's sessions. */
  update(username: string, input: UpdateUserInput, actor: Actor): Promise<UserView>;
  /** Also revokes the user's tokens and ends their sessions. */
  delete(username: string, actor: Actor): Promise<void>;
  changeOwnPassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void>;
}

/** What an admin does to other users, locally or over `/api/users`: the `ziggy users` command's view of UserService. */
export type UserAdminService = Pick<UserService, 'list' | 'create' | 'update' | 'delete'>;

export interface CreateTokenInput {
  name: string;
  /** The token's ceiling in every mode; default: the owner's highest role. Refused when higher than what the owner holds in any mode. */
  role?: Role;
  /** ISO time; must be in the future. */
  expiresAt?: string | null;
  /** Admin only: create the token for another user. */
  username?: string;
}

export interface TokenService {
  /** The caller's own tokens; an admin may ask for everyone's. */
  list(principal: Principal, options?: { all?: boolean }): Promise<TokenView[]>;
  create(principal: Principal, input: CreateTokenInput): Promise<CreatedToken>;
  /** The caller's own token, or anyone's for an admin; `token_not_found` otherwise. */
  revoke(principal: Principal, id: string): Promise<void>;
}

export interface Settings {
  /** The mode used when a call names none. */
  defaultMode: Mode;
}

export interface SettingsService {
  get(): Promise<Settings>;
  update(input: Partial<Settings>, actor: Actor): Promise<Settings>;
}
