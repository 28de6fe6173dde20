import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { encodeName, queryKeys } from './keys.ts';
import type { SecretView, SetSecretBody, UpdateSecretInput } from './types.ts';

const path = (name: string) => `/api/secrets/${encodeName(name)}`;

/** Secret values go in and never come back: every answer says only which modes are set. */
export const secretsApi = {
  list: async (): Promise<SecretView[]> => (await apiRequest<{ secrets: SecretView[] }>('/api/secrets')).secrets,
  get: (name: string): Promise<SecretView> => apiRequest(path(name)),
  /** Sets the dev (default) value, or the prod value with `mode: 'prod'`; description and tags may travel with it. */
  set: (name: string, body: SetSecretBody): Promise<SecretView> => apiRequest(path(name), { method: 'PUT', body }),
  /** Changes description and/or tags only; the stored values stay as they are. */
  update: (name: string, body: UpdateSecretInput): Promise<SecretView> => apiRequest(path(name), { method: 'PATCH', body }),
  /** Clears the prod value: prod uses the dev value again. */
  clearProd: (name: string): Promise<SecretView> => apiRequest(`${path(name)}/prod`, { method: 'DELETE' }),
  /** Refused with `secret_in_use` while connections reference it, unless `force`. */
  remove: (name: string, force = false): Promise<void> =>
    apiRequest(path(name), { method: 'DELETE', query: { force: force ? 'true' : undefined } }),
};

export function useSecrets() {
  return useQuery({ queryKey: queryKeys.secrets, queryFn: secretsApi.list });
}

/** Secret names, for completion and checks in the config editor. */
export function useSecretNames(): string[] {
  return useSecrets().data?.map((secret) => secret.name) ?? [];
}

function useInvalidateSecrets() {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: queryKeys.secrets });
    // A connection's warnings and secret references depend on which secrets exist.
    await client.invalidateQueries({ queryKey: queryKeys.connections });
  };
}

/** Sets one or both values in turn: dev first, since a prod value needs a dev value to exist. */
export function useSaveSecret() {
  const invalidate = useInvalidateSecrets();
  return useMutation({
    mutationFn: async (input: { name: string; dev?: string; prod?: string; description?: string; tags?: string[] }) => {
      const meta = { description: input.description, tags: input.tags };
      let view: SecretView | undefined;
      if (input.dev !== undefined) view = await secretsApi.set(input.name, { value: input.dev, mode: 'dev', ...meta });
      if (input.prod !== undefined) view = await secretsApi.set(input.name, { value: input.prod, mode: 'prod', ...meta });
      if (view === undefined) throw new Error('Enter a value to save.');
      return view;
    },
    onSettled: invalidate,
    meta: { inline: true },
  });
}

/** Description and tags without a value: the values stay as stored. */
export function useUpdateSecret() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, ...body }: UpdateSecretInput & { name: string }) => secretsApi.update(name, body),
    // Metadata is not part of any connection view, so only the secrets are refetched.
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.secrets }),
    meta: { inline: true },
  });
}

export function useClearProdSecret() {
  const invalidate = useInvalidateSecrets();
  return useMutation({ mutationFn: secretsApi.clearProd, onSuccess: invalidate, meta: { inline: true } });
}

export function useDeleteSecret() {
  const invalidate = useInvalidateSecrets();
  return useMutation({
    mutationFn: ({ name, force }: { name: string; force: boolean }) => secretsApi.remove(name, force),
    onSuccess: invalidate,
    meta: { inline: true },
  });
}
