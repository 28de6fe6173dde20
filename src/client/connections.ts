import type { RevisionRecord } from '../store/types.ts';
import type { ConnectionService, ConnectionSummary, ConnectionTestOutcome, ConnectionView, SaveResult } from '../service/types.ts';
import { route, type HttpClient } from './http.ts';

/**
 * Connections over the REST API. The `actor` arguments of the interface are not sent:
 * the server records whoever the token belongs to.
 */
export function remoteConnections(http: HttpClient): ConnectionService {
  return {
    list: async () => (await http.request<{ connections: ConnectionSummary[] }>('GET', '/api/connections')).connections,
    get: (name) => http.request<ConnectionView>('GET', route`/api/connections/${name}`),
    create: (input) => http.request<SaveResult>('POST', '/api/connections', { body: input }),
    update: (name, input) => http.request<SaveResult>('PATCH', route`/api/connections/${name}`, { body: input }),
    delete: (name) => http.request<void>('DELETE', route`/api/connections/${name}`),
    history: async (name) =>
      (await http.request<{ revisions: RevisionRecord[] }>('GET', route`/api/connections/${name}/revisions`)).revisions,
    restore: (name, revision, _actor, version) =>
      http.request<SaveResult>('POST', route`/api/connections/${name}/revisions/${revision}/restore`, { body: { version } }),
    test: (name, { mode, timeoutMs }) =>
      http.request<ConnectionTestOutcome>('POST', route`/api/connections/${name}/test`, { body: { mode, timeoutMs } }),
    testDraft: ({ type, source }, { mode, timeoutMs }) =>
      http.request<ConnectionTestOutcome>('POST', '/api/connections/test', { body: { type, source, mode, timeoutMs } }),
  };
}
