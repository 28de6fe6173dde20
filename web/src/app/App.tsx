import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { queryKeys, setUnauthorizedHandler } from '../api/index.ts';
import { ModeProvider, useMode } from './mode.tsx';
import { createQueryClient } from './query-client.ts';
import { routes } from './routes.tsx';
import { cssVariablesResolver, themeFor } from './theme.ts';

const router = createBrowserRouter(routes);

/** Providers (data, mode, theme, notifications) around the router. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  useEffect(() => {
    // A 401 anywhere means the session ended: forget who was signed in, and RequireSession shows the login page.
    setUnauthorizedHandler(() => queryClient.setQueryData(queryKeys.me, null));
    return () => setUnauthorizedHandler(undefined);
  }, [queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <ModeProvider>
        <Themed />
      </ModeProvider>
    </QueryClientProvider>
  );
}

function Themed() {
  const { mode } = useMode();
  return (
    <MantineProvider theme={themeFor(mode)} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <RouterProvider router={router} />
    </MantineProvider>
  );
}
