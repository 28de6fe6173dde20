import {
  ZiggyError,
  modes,
  roleAllows,
  rolesAllowEverywhere,
  type Mode,
  type ModeRoles,
  type Permission,
} from '../core/index.ts';
import type { ConnectionRecord } from '../store/types.ts';
import { sourceFor } from './connection-view.ts';

/** A saved block runs in dev unless the call names a mode, so production is always asked for explicitly. */
export const savedBlockDefaultMode: Mode = 'dev';

/**
 * What reading a mode's config source takes. A prod source names production hosts and users and
 * may hold a literal credential, so only those who may change prod see it; dev sources stay
 * readable by every role.
 */
export const sourceReadPermission: Record<Mode, Permission> = { dev: 'read', prod: 'write' };

const article = (permission: Permission) => (permission === 'admin' ? 'an' : 'the');

/** Refuses unless the roles grant `permission` in `mode`, saying which role falls short and where. */
export function assertAllowedIn(roles: ModeRoles, permission: Permission, mode: Mode, what: string): void {
  if (roleAllows(roles[mode], permission)) return;
  throw new ZiggyError(
    'forbidden',
    `${what} needs ${article(permission)} "${permission}" permission in ${mode}, which your role there ("${roles[mode]}") does not have.`,
    { permission, mode, role: roles[mode] },
  );
}

/** Refuses unless the roles grant `permission` in every mode: what a change that touches every mode takes. */
export function assertAllowedEverywhere(roles: ModeRoles, permission: Permission, what: string): void {
  if (rolesAllowEverywhere(roles, permission)) return;
  const short = modes.find((mode) => !roleAllows(roles[mode], permission));
  throw new ZiggyError(
    'forbidden',
    `${what} needs ${article(permission)} "${permission}" permission in every mode; your role in ${short} is "${short === undefined ? '' : roles[short]}".`,
    { permission, mode: short, role: short === undefined ? undefined : roles[short] },
  );
}

/**
 * The modes whose config a change of sources alters: a mode is touched when the source it uses
 * differs after the change. A dev source is also prod's while prod has none of its own, so
 * changing it then changes prod too, and needs the prod role as well.
 */
export function modesChangedBySources(
  current: Pick<ConnectionRecord, 'devSource' | 'prodSource'>,
  next: Pick<ConnectionRecord, 'devSource' | 'prodSource'>,
): Mode[] {
  return modes.filter((mode) => sourceFor(current, mode) !== sourceFor(next, mode) || (mode === 'prod' && current.prodSource !== next.prodSource));
}
