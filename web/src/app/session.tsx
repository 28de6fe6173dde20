import { Center, Loader } from '@mantine/core';
import { createContext, use, useMemo, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { roleAllows } from '@core/roles.ts';
import { useMe, type Me, type Permission, type Role } from '../api/index.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

export interface Session {
  username: string;
  role: Role;
  via: Me['via'];
  /** Whether the signed-in role holds a permission; the server enforces it anyway, this only hides what would be refused. */
  can(permission: Permission): boolean;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Renders its children only for a signed-in user; anyone else goes to the login page and comes back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const session = useMemo<Session | undefined>(() => {
    if (me.data === undefined || me.data === null) return undefined;
    const { username, role } = me.data.user;
    return { username, role, via: me.data.via, can: (permission) => roleAllows(role, permission) };
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
