import type { ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import type { Permission } from '../api/index.ts';
import { AdminPage } from '../admin/AdminPage.tsx';
import { TokensPage } from '../admin/TokensPage.tsx';
import { LoginPage } from '../auth/LoginPage.tsx';
import { routes as blockRoutes } from '../blocks/index.ts';
import { ConnectionPage } from '../connections/ConnectionPage.tsx';
import { ConnectionsPage } from '../connections/ConnectionsPage.tsx';
import { routes as runRoutes } from '../runs/index.ts';
import { SecretsPage } from '../secrets/SecretsPage.tsx';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireSession, useSession } from './session.tsx';
import { RouteError } from './RouteError.tsx';

function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const session = useSession();
  if (!session.can(permission)) {
    return <NotFoundPage title="Not for your role" text={session.whyNot(permission) ?? ''} />;
  }
  return children;
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/',
    errorElement: <RouteError />,
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/connections" replace /> },
      { path: 'connections', element: <ConnectionsPage /> },
      { path: 'connections/new', element: <ConnectionPage /> },
      { path: 'connections/:name', element: <ConnectionPage /> },
      { path: 'secrets', element: <SecretsPage /> },
      ...blockRoutes,
      ...runRoutes,
      { path: 'tokens', element: <TokensPage /> },
      {
        path: 'admin',
        element: (
          <RequirePermission permission="admin">
            <AdminPage />
          </RequirePermission>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
