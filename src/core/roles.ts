import { modes, type Mode } from './mode.ts';

/**
 * Roles, from most to least powerful, and what each may do in the mode it is held in:
 * - admin: users, tokens of anyone, settings (admin in every mode), and everything below;
 * - editor: create, change, delete and test connections and secrets; run code sent with a request;
 * - operator: see connections and run or test them, run saved blocks and operations; cannot change them;
 * - viewer: read metadata and config sources only.
 */
export const roles = ['admin', 'editor', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** A user's role in each mode: e.g. editor in dev, operator in prod. */
export type ModeRoles = Record<Mode, Role>;

/** What a route or use case needs; each role holds its own and every weaker role's permissions. */
export type Permission = 'read' | 'run' | 'write' | 'admin';

const grants: Record<Role, readonly Permission[]> = {
  admin: ['read', 'run', 'write', 'admin'],
  editor: ['read', 'run', 'write'],
  operator: ['read', 'run'],
  viewer: ['read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

/** True when `role` is no higher than `ceiling`: a token never gets more than its owner. */
export function roleAtMost(role: Role, ceiling: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(ceiling);
}

export function lowerRole(a: Role, b: Role): Role {
  return roleAtMost(a, b) ? a : b;
}

/** The highest role held in any mode: the most a new token may be given. */
export function highestRole(modeRoles: ModeRoles): Role {
  return roleAtMost(modeRoles.dev, modeRoles.prod) ? modeRoles.prod : modeRoles.dev;
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** The same role in every mode: what a single `role` means wherever roles per mode are accepted. */
export function sameRoleInModes(role: Role): ModeRoles {
  return { dev: role, prod: role };
}

/** Each mode's lower role of the two: a token's roles under its owner's. */
export function lowerRoles(a: ModeRoles, b: ModeRoles): ModeRoles {
  return { dev: lowerRole(a.dev, b.dev), prod: lowerRole(a.prod, b.prod) };
}

/** True when `inner` is no higher than `ceiling` in any mode. */
export function rolesAtMost(inner: ModeRoles, ceiling: ModeRoles): boolean {
  return modes.every((mode) => roleAtMost(inner[mode], ceiling[mode]));
}

/** True when the roles grant `permission` in every mode: what a call that acts in no single mode needs. */
export function rolesAllowEverywhere(modeRoles: ModeRoles, permission: Permission): boolean {
  return modes.every((mode) => roleAllows(modeRoles[mode], permission));
}

/** True when the roles grant `permission` in at least one mode. */
export function rolesAllowSomewhere(modeRoles: ModeRoles, permission: Permission): boolean {
  return modes.some((mode) => roleAllows(modeRoles[mode], permission));
}

/** `editor` when both modes agree, else `dev: editor, prod: operator`: for messages and lists. */
export function describeRoles(modeRoles: ModeRoles): string {
  return modeRoles.dev === modeRoles.prod ? modeRoles.dev : modes.map((mode) => `${mode}: ${modeRoles[mode]}`).join(', ');
}
