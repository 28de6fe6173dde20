/**
 * Shared by the auth, user and token tests: the services on a fresh SQLite file with a
 * clock the test moves by hand, so expiry and rate limits are tested without waiting.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sameRoleInModes, type ModeRoles, type Role } from '../core/index.ts';
import { openSqliteStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { createAuthService } from './auth.ts';
import type { AuthService, CreateUserInput, Principal, TokenService, UserService } from './auth-types.ts';
import { createTokenService } from './tokens.ts';
import { createUserService } from './users.ts';

export interface ManualClock {
  now(): Date;
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2030-01-01T00:00:00.000Z')): ManualClock {
  let time = start;
  return {
    now: () => new Date(time),
    advance: (ms) => {
      time += ms;
    },
  };
}

export interface AuthFixture {
  store: Store;
  file: string;
  clock: ManualClock;
  auth: AuthService;
  users: UserService;
  tokens: TokenService;
  dispose(): Promise<void>;
}

export async function openAuthFixture(): Promise<AuthFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-auth-'));
  const file = path.join(dir, 'ziggy.db');
  const store = await openSqliteStore({ file });
  // Tokens and sessions compare expiry with the manual clock; stored creation times come from the real one.
  const clock = manualClock(Date.now());
  return {
    store,
    file,
    clock,
    auth: createAuthService(store, { now: clock.now, loginKey: randomBytes(32) }),
    users: createUserService(store),
    tokens: createTokenService(store, { now: clock.now }),
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh fixture whose admin exists (password `strongPassword`) and has created these users. */
export async function openAuthFixtureWithUsers(users: readonly CreateUserInput[] = []): Promise<AuthFixture> {
  const fixture = await openAuthFixture();
  await fixture.auth.bootstrapAdmin({ ZIGGY_ADMIN_PASSWORD: strongPassword });
  for (const user of users) await fixture.users.create(user, 'user:admin');
  return fixture;
}

/** A principal as the server would build it from a session. */
export function sessionPrincipal(username: string, role: Role | ModeRoles): Principal {
  const roles = typeof role === 'string' ? sameRoleInModes(role) : role;
  return { username, roles, via: 'session', actor: `user:${username}` };
}

export const strongPassword = 'correct horse battery staple';
