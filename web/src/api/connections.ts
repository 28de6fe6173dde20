import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { encodeName, queryKeys } from './keys.ts';
import type {
  ConnectionSummary,
  ConnectionTestOutcome,
  ConnectionView,
  CreateConnectionInput,
  RevisionRecord,
  SaveResult,
  TestRequest,
  UpdateConnectionInput,
} from './types.ts';

const path = (name: string) => `/api/connections/${encodeName(name)}`;

export const connectionsApi = {
  list: async (): Promise<ConnectionSummary[]> =>
    (await apiRequest<{ connections: ConnectionSummary[] }>('/api/connections')).connections,
  get: (name: string): Promise<ConnectionView> => apiRequest(path(name)),
  create: (input: CreateConnectionInput): Promise<SaveResult> => apiRequest('/api/connections', { method: 'POST', body: input }),
  /** Send `version` to have the save refused with `version_conflict` when someone else saved in between. */
  update: (name: string, input: UpdateConnectionInput): Promise<SaveResult> => apiRequest(path(name), { method: 'PATCH', body: input }),
  remove: (name: string): Promise<void> => apiRequest(path(name), { method: 'DELETE' }),
  revisions: async (name: string): Promise<RevisionRecord[]> =>
    (await apiRequest<{ revisions: RevisionRecord[] }>(`${path(name)}/revisions`)).revisions,
  restore: (name: string, revision: number, version?: number): Promise<SaveResult> =>
    apiRequest(`${path(name)}/revisions/${revision}/restore`, { method: 'POST', body: version === undefined ? {} : { version } }),
  /** Tests the saved connection (operators and up); the result is stored as its last test. */
  test: (name: string, request: TestRequest = {}): Promise<ConnectionTestOutcome> =>
    apiRequest(`${path(name)}/test`, { method: 'POST', body: request }),
  /** Tests a draft without saving it (editors and up). */
  testDraft: (draft: { type: string; source: string } & TestRequest): Promise<ConnectionTestOutcome> =>
    apiRequest('/api/connections/test', { method: 'POST', body: draft }),
};

export function useConnections() {
  return useQuery({ queryKey: queryKeys.connections, queryFn: connectionsApi.list });
}

export function useConnection(name: string | undefined) {
  return useQuery({
    queryKey: queryKeys.connection(name ?? ''),
    queryFn: () => connectionsApi.get(name ?? ''),
    enabled: name !== undefined,
  });
}

export function useRevisions(name: string) {
  return useQuery({ queryKey: queryKeys.revisions(name), queryFn: () => connectionsApi.revisions(name) });
}

/** After any change to a connection: its list, its view and its history are stale. */
function useInvalidateConnections() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.connections });
}

export function useCreateConnection() {
  const invalidate = useInvalidateConnections();
  return useMutation({ mutationFn: connectionsApi.create, onSuccess: invalidate, meta: { inline: true } });
}

export function useUpdateConnection(name: string) {
  const invalidate = useInvalidateConnections();
  return useMutation({
    mutationFn: (input: UpdateConnectionInput) => connectionsApi.update(name, input),
    onSuccess: invalidate,
    meta: { inline: true },
  });
}

export function useDeleteConnection() {
  const invalidate = useInvalidateConnections();
  return useMutation({ mutationFn: connectionsApi.remove, onSuccess: invalidate, meta: { inline: true } });
}

export function useRestoreRevision(name: string) {
  const invalidate = useInvalidateConnections();
  return useMutation({
    mutationFn: ({ revision, version }: { revision: number; version?: number }) => connectionsApi.restore(name, revision, version),
    onSuccess: invalidate,
    meta: { inline: true },
  });
}

/** A saved connection's test also updates its last test status in the list. */
export function useTestConnection(name: string) {
  const invalidate = useInvalidateConnections();
  return useMutation({ mutationFn: (request: TestRequest) => connectionsApi.test(name, request), onSuccess: invalidate, meta: { inline: true } });
}

export function useTestDraft() {
  return useMutation({ mutationFn: connectionsApi.testDraft, meta: { inline: true } });
}
