import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './keys.ts';
import type { ConnectionTypeView } from './types.ts';

export const typesApi = {
  list: async (): Promise<ConnectionTypeView[]> => (await apiRequest<{ types: ConnectionTypeView[] }>('/api/types')).types,
};

/** Connection types change only with a new server version: fetched once per page load. */
export function useConnectionTypes() {
  return useQuery({ queryKey: queryKeys.types, queryFn: typesApi.list, staleTime: Number.POSITIVE_INFINITY });
}
