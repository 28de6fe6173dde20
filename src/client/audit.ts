import type { AuditEntry } from '../store/types.ts';
import type { AuditService } from '../service/types.ts';
import type { HttpClient } from './http.ts';

/** The audit log over the REST API (admin tokens only); the filter's fields are the query parameters. */
export function remoteAudit(http: HttpClient): AuditService {
  return {
    list: async (filter = {}) => (await http.request<{ entries: AuditEntry[] }>('GET', '/api/audit', { query: { ...filter } })).entries,
  };
}
