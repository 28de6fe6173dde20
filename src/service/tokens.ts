import { randomBytes } from 'node:crypto';
import { ZiggyError, describeRoles, highestRole, lowerRoles, modes, roleAtMost, rolesAllowEverywhere, sameRoleInModes, type ModeRoles, type Role } from '../core/index.ts';
import type { Store, TokenRecord, UserRecord } from '../store/types.ts';
import type { CreateTokenInput, Principal, TokenService, TokenView } from './auth-types.ts';
import { randomSecret, sha256Hex } from './passwords.ts';
import { assertRole } from './users.ts';

export const tokenMarker = 'zgy_';
const tokenPattern = /^zgy_[A-Za-z0-9_-]{43}$/;
// `zgy_` and 8 characters: enough to tell tokens apart in a list, far too few to guess the rest.
const prefixLength = 12;
const tokenNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// Updating lastUsedAt on every request would be a write per request; once a minute is precise enough.
export const tokenTouchIntervalMs = 60_000;

/** What a token may do in each mode: never more than its owner may there now, whatever it was created with. */
export function tokenRoles(record: TokenRecord, owner: UserRecord | undefined): ModeRoles {
  const ceiling = sameRoleInModes(record.role);
  return owner ? lowerRoles(ceiling, owner.roles) : ceiling;
}

/** An admin in every mode: who may see and manage everyone's tokens. */
const isAdmin = (principal: Principal): boolean => rolesAllowEverywhere(principal.roles, 'admin');

export function toTokenView(record: TokenRecord, owner: UserRecord | undefined): TokenView {
  return {
    id: record.id,
    name: record.name,
    username: record.username,
    role: record.role,
    roles: tokenRoles(record, owner),
    prefix: record.prefix,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
  };
}

/** The principal of a bearer token; undefined when it is malformed, unknown, revoked, expired or its owner is gone or disabled. */
export async function principalForToken(store: Store, bearer: string, now: () => Date): Promise<Principal | undefined> {
  if (typeof bearer !== 'string' || !tokenPattern.test(bearer)) return undefined;
  const record = await store.tokens.findByHash(sha256Hex(bearer));
  if (!record || record.revokedAt !== null) return undefined;
  const time = now().getTime();
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= time) return undefined;
  const owner = await store.users.get(record.username);
  if (!owner || owner.disabled) return undefined;
  if (record.lastUsedAt === null || time - Date.parse(record.lastUsedAt) >= tokenTouchIntervalMs) {
    await store.tokens.touch(record.id, new Date(time).toISOString());
  }
  return {
    username: owner.username,
    roles: tokenRoles(record, owner),
    via: 'token',
    tokenId: record.id,
    actor: `token:${owner.username}/${record.name}`,
  };
}

function assertTokenName(name: string): void {
  if (typeof name !== 'string' || !tokenNamePattern.test(name)) {
    throw new ZiggyError(
      'name_invalid',
      `Token name "${name}" is not allowed: use letters, digits, ".", "_" and "-", start with a letter or digit, at most 64 characters.`,
      { field: 'name' },
    );
  }
}

function parseExpiry(expiresAt: string | null | undefined, now: Date): string | null {
  if (expiresAt === undefined || expiresAt === null) return null;
  const time = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ZiggyError('bad_input', `"expiresAt" is not a valid ISO time: "${expiresAt}".`, { field: 'expiresAt' });
  }
  if (time <= now.getTime()) {
    throw new ZiggyError('bad_input', `"expiresAt" must be in the future, got ${expiresAt}.`, { field: 'expiresAt' });
  }
  return new Date(time).toISOString();
}

export function createTokenService(store: Store, options: { now?: () => Date } = {}): TokenService {
  const now = options.now ?? (() => new Date());

  /** Views with each token's role capped by its owner's current role, read in one pass. */
  async function views(records: TokenRecord[]): Promise<TokenView[]> {
    const owners = new Map((await store.users.list()).map((user) => [user.username, user]));
    return records.map((record) => toTokenView(record, owners.get(record.username)));
  }

  return {
    async list(principal, listOptions = {}) {
      if (listOptions.all) {
        if (!isAdmin(principal)) throw new ZiggyError('forbidden', "Only an admin (in every mode) may list everyone's tokens.");
        return views(await store.tokens.list());
      }
      return views(await store.tokens.list(principal.username));
    },

    async create(principal, input: CreateTokenInput) {
      assertTokenName(input.name);
      const username = input.username ?? principal.username;
      if (username !== principal.username && !isAdmin(principal)) {
        throw new ZiggyError('forbidden', 'Only an admin (in every mode) may create tokens for other users.');
      }
      const owner = await store.users.get(username);
      if (!owner) throw new ZiggyError('user_not_found', `User "${username}" does not exist.`, { username });
      if (owner.disabled) {
        throw new ZiggyError('bad_input', `User "${username}" is disabled: their tokens would not work.`, { field: 'username' });
      }
      // A caller holding a weaker token of the owner gets no more than that token allows.
      const ceiling = highestRole(lowerRoles(owner.roles, principal.roles));
      const role = input.role ?? ceiling;
      assertRole(role);
      if (!modes.some((mode) => roleAtMost(role, owner.roles[mode]))) {
        throw new ZiggyError(
          'forbidden',
          `A token cannot have role "${role}": its owner "${username}" is only ${describeRoles(owner.roles)}.`,
          { field: 'role' },
        );
      }
      if (!roleAtMost(role, highestRole(principal.roles))) {
        throw new ZiggyError(
          'forbidden',
          `You cannot create a token with role "${role}": your own role here is ${describeRoles(principal.roles)}.`,
          { field: 'role' },
        );
      }
      const token = `${tokenMarker}${randomSecret()}`;
      const id = randomBytes(6).toString('hex');
      const expiresAt = parseExpiry(input.expiresAt, now());
      const record = await store.tokens.create(
        { id, username, name: input.name, hash: sha256Hex(token), prefix: token.slice(0, prefixLength), role, expiresAt },
        {
          actor: principal.actor,
          action: 'token.create',
          entityType: 'token',
          entityName: id,
          details: { username, name: input.name, role, expiresAt },
        },
      );
      return { token, view: toTokenView(record, owner) };
    },

    async revoke(principal, id) {
      const record = await store.tokens.get(id);
      // Someone else's token is reported exactly like a missing one: its existence is not the caller's business.
      if (!record || (record.username !== principal.username && !isAdmin(principal))) {
        throw new ZiggyError('token_not_found', `Token "${id}" does not exist.`, { id });
      }
      if (record.revokedAt !== null) return;
      await store.tokens.revoke(id, now().toISOString(), {
        actor: principal.actor,
        action: 'token.revoke',
        entityType: 'token',
        entityName: id,
        details: { username: record.username, name: record.name },
      });
    },
  };
}
