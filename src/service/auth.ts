import { randomBytes } from 'node:crypto';
import { ZiggyError, isZiggyError } from '../core/errors.ts';
import { sameRoleInModes } from '../core/roles.ts';
import type { Store } from '../store/types.ts';
import type { AdminBootstrap, AuthService } from './auth-types.ts';
import { LoginLimiter } from './login-limiter.ts';
import { assertPasswordRules, hashPassword, minPasswordLength, spendVerification, verifyPassword } from './passwords.ts';
import { createSessionManager } from './sessions.ts';
import { principalForToken } from './tokens.ts';
import { toUserView } from './users.ts';

export const bootstrapAdminName = 'admin';
const wrongCredentials = 'Wrong username or password.';
// A name that is no user is not recorded: people type their password into the username field.
const unknownUserName = '(unknown)';

export interface AuthServiceOptions {
  /** The clock for session and token expiry and the login limiter; injectable so tests need not wait. */
  now?: () => Date;
  /** The login limiter's key (loginKeyFromMasterKey): instances sharing a store count failures together only with the same one. */
  loginKey: Buffer;
}

export function createAuthService(store: Store, options: AuthServiceOptions): AuthService {
  const now = options.now ?? (() => new Date());
  const limiter = new LoginLimiter({ failures: store.loginFailures, key: options.loginKey, now });
  const sessions = createSessionManager(store, now);

  async function refuse(username: string, address: string, reason: string): Promise<never> {
    await limiter.recordFailure(username, address);
    await store.audit.append({
      actor: `anonymous:${address}`,
      action: 'user.login_failed',
      entityType: 'user',
      entityName: reason === 'unknown_user' ? unknownUserName : username,
      details: { address, reason },
    });
    throw new ZiggyError('unauthorized', wrongCredentials);
  }

  return {
    async bootstrapAdmin(env): Promise<AdminBootstrap> {
      if ((await store.users.list()).length > 0) return { created: false };
      const fromEnv = env['ZIGGY_ADMIN_PASSWORD'] || undefined;
      if (fromEnv !== undefined && fromEnv.length < minPasswordLength) {
        throw new ZiggyError(
          'bad_input',
          `ZIGGY_ADMIN_PASSWORD is too short: the first admin's password must be at least ${minPasswordLength} characters long.`,
          { field: 'ZIGGY_ADMIN_PASSWORD' },
        );
      }
      // 15 random bytes: 20 url-safe characters, easy to copy from a console.
      const password = fromEnv ?? randomBytes(15).toString('base64url');
      assertPasswordRules(password, 'ZIGGY_ADMIN_PASSWORD');
      try {
        await store.users.create(
          // The first admin is admin in both modes: it may manage users and settings.
          { username: bootstrapAdminName, passwordHash: await hashPassword(password), roles: sameRoleInModes('admin') },
          {
            actor: 'system:bootstrap',
            action: 'user.create',
            entityType: 'user',
            entityName: bootstrapAdminName,
            details: { roles: sameRoleInModes('admin'), passwordSource: fromEnv === undefined ? 'generated' : 'ZIGGY_ADMIN_PASSWORD' },
          },
        );
      } catch (error) {
        // Another process (a second server, the CLI) bootstrapped at the same moment.
        if (isZiggyError(error) && error.id === 'name_taken') return { created: false };
        throw error;
      }
      return fromEnv === undefined ? { created: true, oneTimePassword: password } : { created: true };
    },

    async login(username, password, address) {
      const name = typeof username === 'string' ? username.trim().toLowerCase() : '';
      await limiter.assertAllowed(name, address);
      const user = name === '' ? undefined : await store.users.get(name);
      if (!user) {
        await spendVerification(String(password));
        return refuse(name, address, 'unknown_user');
      }
      if (typeof password !== 'string' || !(await verifyPassword(password, user.passwordHash))) {
        return refuse(name, address, 'wrong_password');
      }
      if (user.disabled) return refuse(name, address, 'disabled');
      await limiter.recordSuccess(name);
      const started = await sessions.start(user, address);
      // Read back for the lastLoginAt the login just set.
      return { ...started, user: toUserView((await store.users.get(name)) ?? user) };
    },

    async logout(sessionId) {
      await sessions.end(sessionId);
    },

    async session(sessionId) {
      return sessions.resolve(sessionId);
    },

    async token(bearer) {
      return principalForToken(store, bearer, now);
    },
  };
}
