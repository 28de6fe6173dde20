/**
 * Roles, from most to least powerful, and what each may do:
 * - admin: users, tokens of anyone, settings, and everything below;
 * - editor: create, change, delete and test connections and secrets;
 * - operator: see connections and run or test them; cannot change them;
 * - viewer: read metadata and config sources only.
 */
export const roles = ['admin', 'editor', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

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

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
