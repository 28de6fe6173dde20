import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './keys.ts';
import type { Settings } from './types.ts';

export const settingsApi = {
  get: (): Promise<Settings> => apiRequest('/api/settings'),
  /** Admin only. */
  update: (changes: Partial<Settings>): Promise<Settings> => apiRequest('/api/settings', { method: 'PUT', body: changes }),
};

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: settingsApi.get });
}

export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: settingsApi.update,
    onSuccess: (settings) => client.setQueryData(queryKeys.settings, settings),
  });
}
