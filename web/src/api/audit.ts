import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './keys.ts';
import type { AuditEntry, AuditFilter } from './types.ts';

/** Admin only; newest first. */
export const auditApi = {
  list: async (filter: AuditFilter = {}): Promise<AuditEntry[]> =>
    (await apiRequest<{ entries: AuditEntry[] }>('/api/audit', { query: { ...filter } })).entries,
};

export function useAudit(filter: AuditFilter) {
  return useQuery({ queryKey: queryKeys.audit(filter), queryFn: () => auditApi.list(filter) });
}
