import { Center, Loader } from '@mantine/core';
import { createContext, use, useMemo, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { describeRoles, roleAllows, rolesAllowEverywhere } from '@core/roles.ts';
import { useMe, type Me, type Mode, type ModeRoles, type Permission } from '../api/index.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

export interface Session {
  username: string;
  /** The role in each mode. */
  roles: ModeRoles;
  /** The roles as one text: `editor`, or `dev: editor, prod: operator`. */
  rolesText: string;
  via: Me['via'];
  /**
   * Whether the signed-in user holds a permission in a mode, or in every mode when none is given
   * (as the server checks a call that acts in no single mode). The server enforces it anyway;
   * this only disables what would be refused.
   */
  can(permission: Permission, mode?: Mode): boolean;
  /** Why a control is disabled, in words, when `can` says no; undefined when it says yes. */
  whyNot(permission: Permission, mode?: Mode): string | undefined;
}

const weakestHolder: Record<Permission, string> = { read: 'every role', run: 'an operator, editor or admin', write: 'an editor or admin', admin: 'an admin' };

function sessionOf(username: string, roles: ModeRoles, via: Me['via']): Session {
  const can = (permission: Permission, mode?: Mode) =>
    mode === undefined ? rolesAllowEverywhere(roles, permission) : roleAllows(roles[mode], permission);
  return {
    username,
    roles,
    rolesText: describeRoles(roles),
    via,
    can,
    whyNot(permission, mode) {
      if (can(permission, mode)) return undefined;
      const where = mode === undefined ? 'in every mode' : `in ${mode}`;
      const yours = mode === undefined ? describeRoles(roles) : `${roles[mode]} in ${mode}`;
      return `This needs "${permission}" ${where} (${weakestHolder[permission]}); your role is ${yours}.`;
    },
  };
}


const SessionContext = createContext<Session | undefined>(undefined);

/** Renders its children only for a signed-in user; anyone else goes to the login page and comes back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const session = useMemo<Session | undefined>(() => {
    if (me.data === undefined || me.data === null) return undefined;
    const { username, roles } = me.data.user;
    return sessionOf(username, roles, me.data.via);
  }, [me.data]);
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh" p="md">
        <ErrorAlert error={me.error} title="Cannot load Ziggy" />
      </Center>
    );
  }
  if (session === undefined) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SessionContext value={session}>{children}</SessionContext>;
}

/** The signed-in user; only inside <RequireSession>, i.e. on every page but the login page. */
export function useSession(): Session {
  const session = use(SessionContext);
  if (session === undefined) throw new Error('useSession() must be used inside <RequireSession>.');
  return session;
}
