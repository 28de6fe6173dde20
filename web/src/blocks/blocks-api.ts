import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, encodeName } from '../api/index.ts';
import type { BlockView, RunCodeInput, RunRecord } from '../../../src/service/run-types.ts';
import { runKeys } from '../runs/runs-api.ts';

export type { BlockView, RunRecord };

export const blockKeys = {
  all: ['blocks'] as const,
};

/** `POST /api/blocks/run` and `/api/blocks/:name/run`, besides the code. */
export type RunRequest = Omit<RunCodeInput, 'code'>;

const path = (name: string) => `/api/blocks/${encodeName(name)}`;

export const blocksApi = {
  list: async (): Promise<BlockView[]> => (await apiRequest<{ blocks: BlockView[] }>('/api/blocks')).blocks,
  /** Creates or replaces; `version` refuses the save with `version_conflict` when someone saved in between. */
  save: (name: string, body: { code: string; description?: string; retrySafe?: boolean; version?: number }): Promise<BlockView> =>
    apiRequest(path(name), { method: 'PUT', body }),
  remove: (name: string): Promise<void> => apiRequest(path(name), { method: 'DELETE' }),
  /** Runs code sent with the request; a failing block is still an answer, its status says how it ended. */
  runCode: (code: string, request: RunRequest): Promise<RunRecord> =>
    apiRequest('/api/blocks/run', { method: 'POST', body: { code, ...request } }),
  runSaved: (name: string, request: RunRequest): Promise<RunRecord> => apiRequest(`${path(name)}/run`, { method: 'POST', body: request }),
};

export function useBlocks() {
  return useQuery({ queryKey: blockKeys.all, queryFn: blocksApi.list });
}

export function useSaveBlock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, ...body }: { name: string; code: string; description?: string; retrySafe?: boolean; version?: number }) => blocksApi.save(name, body),
    onSuccess: () => client.invalidateQueries({ queryKey: blockKeys.all }),
    meta: { inline: true },
  });
}

export function useDeleteBlock() {
  const client = useQueryClient();
  return useMutation({ mutationFn: blocksApi.remove, onSuccess: () => client.invalidateQueries({ queryKey: blockKeys.all }), meta: { inline: true } });
}

export function useRunBlock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ savedName, code, request }: { savedName?: string; code: string; request: RunRequest }) =>
      savedName === undefined ? blocksApi.runCode(code, request) : blocksApi.runSaved(savedName, request),
    // Runs are listed on the Runs page; a new run makes those lists stale.
    onSuccess: () => client.invalidateQueries({ queryKey: runKeys.all }),
    meta: { inline: true },
  });
}
