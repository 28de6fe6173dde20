import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { encodeName, queryKeys } from './keys.ts';
import type { CreatedToken, CreateTokenInput, TokenView } from './types.ts';

export const tokensApi = {
  /** The caller's own tokens; `all` (admin only) lists everyone's. */
  list: async (all = false): Promise<TokenView[]> =>
    (await apiRequest<{ tokens: TokenView[] }>('/api/tokens', { query: { all: all ? 'true' : undefined } })).tokens,
  /** The answer holds the whole token: the only time it is shown. */
  create: (input: CreateTokenInput): Promise<CreatedToken> => apiRequest('/api/tokens', { method: 'POST', body: input }),
  revoke: (id: string): Promise<void> => apiRequest(`/api/tokens/${encodeName(id)}`, { method: 'DELETE' }),
};

export function useTokens(all: boolean) {
  return useQuery({ queryKey: queryKeys.tokens(all), queryFn: () => tokensApi.list(all) });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: tokensApi.create,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.allTokens }),
    meta: { inline: true },
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: tokensApi.revoke,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.allTokens }),
    meta: { inline: true },
  });
}
