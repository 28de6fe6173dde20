import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, encodeName } from '../api/index.ts';
import type { RunFilter, RunRecord, RunStatus } from '../../../src/service/run-types.ts';

export type { RunRecord, RunStatus };

/** `GET /api/runs`'s query; the UI does not filter by who started a run. */
export type RunListFilter = Omit<RunFilter, 'startedBy'>;

export const runKeys = {
  all: ['runs'] as const,
  list: (filter: RunListFilter) => ['runs', 'list', filter] as const,
  one: (id: string) => ['runs', 'one', id] as const,
};

export const runsApi = {
  list: async (filter: RunListFilter): Promise<RunRecord[]> =>
    (await apiRequest<{ runs: RunRecord[] }>('/api/runs', { query: { ...filter } })).runs,
  get: (id: string): Promise<RunRecord> => apiRequest(`/api/runs/${encodeName(id)}`),
};

/** The list keeps showing the previous rows while a new filter loads, so the table does not jump. */
export function useRuns(filter: RunListFilter) {
  return useQuery({ queryKey: runKeys.list(filter), queryFn: () => runsApi.list(filter), placeholderData: keepPreviousData });
}

export function useRun(id: string | undefined) {
  return useQuery({ queryKey: runKeys.one(id ?? ''), queryFn: () => runsApi.get(id ?? ''), enabled: id !== undefined });
}
