import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { addPluginBody, pluginView } from '../../../src/server/schemas/plugins.ts';
import { apiRequest } from './client.ts';
import { encodeName, queryKeys } from './keys.ts';

export type PluginView = z.output<typeof pluginView>;
export type AddPluginInput = z.input<typeof addPluginBody>;

/** Admin only: connector packages and modules allowed for the npm-module type. */
export const pluginsApi = {
  list: async (): Promise<PluginView[]> => (await apiRequest<{ plugins: PluginView[] }>('/api/plugins')).plugins,
  add: (input: AddPluginInput): Promise<PluginView> => apiRequest('/api/plugins', { method: 'POST', body: input }),
  remove: (name: string): Promise<void> => apiRequest(`/api/plugins/${encodeName(name)}`, { method: 'DELETE' }),
};

export function usePlugins() {
  return useQuery({ queryKey: queryKeys.plugins, queryFn: pluginsApi.list });
}

export function useAddPlugin() {
  const client = useQueryClient();
  return useMutation({ mutationFn: pluginsApi.add, onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.plugins }) });
}

export function useRemovePlugin() {
  const client = useQueryClient();
  return useMutation({ mutationFn: pluginsApi.remove, onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.plugins }) });
}
