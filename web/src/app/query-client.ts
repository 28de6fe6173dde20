import { MutationCache, QueryClient } from '@tanstack/react-query';
import { isApiError, notifyError } from '../api/index.ts';

declare module '@tanstack/react-query' {
  interface Register {
    /** `inline: true`: the page shows this mutation's error itself, so no notification. */
    mutationMeta: { inline?: boolean };
  }
}

/**
 * Queries are retried only when the server could not be reached or failed; a 4xx will not change
 * by asking again. Every mutation error reaches the user in words: inline, or as a notification.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failures, error) => failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
    },
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.inline !== true) notifyError(error);
      },
    }),
  });
}
