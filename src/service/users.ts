import { ZiggyError, isRole, modes, roles, sameRoleInModes, type Mode, type ModeRoles, type Role } from '../core/index.ts';
import type { Actor, Store, UpdateUserRecordInput, UserRecord } from '../store/types.ts';
import type { CreateUserInput, Principal, UpdateUserInput, UserService, UserView } from './auth-types.ts';
import { assertPasswordRules, hashPassword, verifyPassword } from './passwords.ts';

const usernamePattern = /^[a-z][a-z0-9._-]{0,63}$/;

/** Like a connection name, but lower-case so `Alice` and `alice` cannot be two people; `.` allowed for `first.last`. */
export function assertUsername(username: string): void {
  if (typeof username !== 'string' || !usernamePattern.test(username)) {
    throw new ZiggyError(
      'name_invalid',
      `Username "${username}" is not allowed: use lower-case letters, digits, ".", "_" and "-", start with a letter, at most 64 characters.`,
      { field: 'username' },
    );
  }
}

export function assertRole(role: string, field = 'role'): asserts role is Role {
  if (typeof role !== 'string' || !isRole(role)) {
    throw new ZiggyError('bad_input', `Unknown role "${role}": use ${roles.join(', ')}.`, { field });
  }
}

/**
 * The roles per mode a create or update asks for: `roles` (per mode; an update may give some
 * modes only) or `role` (the same in both modes), never both. Undefined when neither is given.
 */
function requestedRoles(input: { role?: Role; roles?: Partial<ModeRoles> }, current: ModeRoles | undefined): ModeRoles | undefined {
  if (input.role !== undefined && input.roles !== undefined) {
    throw new ZiggyError('bad_input', 'Give "role" (the same role in both modes) or "roles" (a role per mode), not both.', { field: 'roles' });
  }
  if (input.role !== undefined) {
    assertRole(input.role);
    return sameRoleInModes(input.role);
  }
  if (input.roles === undefined) return undefined;
  if (typeof input.roles !== 'object' || input.roles === null) {
    throw new ZiggyError('bad_input', '"roles" must be an object such as { "dev": "editor", "prod": "operator" }.', { field: 'roles' });
  }
  for (const key of Object.keys(input.roles)) {
    if (!(modes as readonly string[]).includes(key)) {
      throw new ZiggyError('bad_input', `"roles" has an unknown mode "${key}": use ${modes.join(', ')}.`, { field: `roles.${key}` });
    }
  }
  const asked = input.roles;
  const roleIn = (mode: Mode): Role => {
    const role = asked[mode] ?? current?.[mode];
    if (role === undefined) {
      throw new ZiggyError('bad_input', `"roles" needs a role for ${mode}: give both modes, or "role" for the same in both.`, {
        field: `roles.${mode}`,
      });
    }
    assertRole(role, `roles.${mode}`);
    return role;
  };
  return { dev: roleIn('dev'), prod: roleIn('prod') };
}

export function toUserView(record: UserRecord): UserView {
  return {
    username: record.username,
    roles: record.roles,
    disabled: record.disabled,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    lastLoginAt: record.lastLoginAt,
  };
}

export function createUserService(store: Store): UserService {
  async function require(username: string): Promise<UserRecord> {
    const user = await store.users.get(username);
    if (!user) throw new ZiggyError('user_not_found', `User "${username}" does not exist.`, { username });
    return user;
  }

  return {
    async list() {
      return (await store.users.list()).map(toUserView);
    },

    async get(username) {
      return toUserView(await require(username));
    },

    async create(input: CreateUserInput, actor: Actor) {
      assertUsername(input.username);
      const roles = requestedRoles(input, undefined);
      if (roles === undefined) {
        throw new ZiggyError('bad_input', 'A new user needs "role" (the same in both modes) or "roles" (a role per mode).', { field: 'roles' });
      }
      assertPasswordRules(input.password);
      const passwordHash = await hashPassword(input.password);
      const created = await store.users.create(
        { username: input.username, passwordHash, roles },
        { actor, action: 'user.create', entityType: 'user', entityName: input.username, details: { roles } },
      );
      return toUserView(created);
    },

    async update(username, input: UpdateUserInput, actor) {
      const changes: UpdateUserRecordInput['changes'] = {};
      const details: Record<string, unknown> = {};
      if (input.role !== undefined || input.roles !== undefined) {
        const current = await require(username);
        const roles = requestedRoles(input, current.roles);
        if (roles !== undefined && modes.some((mode) => roles[mode] !== current.roles[mode])) {
          changes.roles = details['roles'] = roles;
          details['previousRoles'] = current.roles;
        }
      }
      if (input.disabled !== undefined) {
        if (typeof input.disabled !== 'boolean') {
          throw new ZiggyError('bad_input', '"disabled" must be true or false.', { field: 'disabled' });
        }
        changes.disabled = details['disabled'] = input.disabled;
      }
      if (input.password !== undefined) {
        assertPasswordRules(input.password);
        changes.passwordHash = await hashPassword(input.password);
      }
      const changed = Object.keys(changes).map((key) => (key === 'passwordHash' ? 'password' : key));
      if (changed.length === 0) return toUserView(await require(username));
      details['changed'] = changed;
      const updated = await store.users.update(
        { username, changes },
        { actor, action: 'user.update', entityType: 'user', entityName: username, details },
      );
      return toUserView(updated);
    },

    async delete(username, actor) {
      await store.users.delete(username, { actor, action: 'user.delete', entityType: 'user', entityName: username, details: {} });
    },

    async changeOwnPassword(principal: Principal, currentPassword, newPassword) {
      const user = await require(principal.username);
      if (typeof currentPassword !== 'string' || !(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new ZiggyError('bad_input', 'The current password is not correct.', { field: 'currentPassword' });
      }
      assertPasswordRules(newPassword, 'newPassword');
      await store.users.update(
        { username: user.username, changes: { passwordHash: await hashPassword(newPassword) } },
        { actor: principal.actor, action: 'user.password_change', entityType: 'user', entityName: user.username, details: {} },
      );
    },
  };
}
