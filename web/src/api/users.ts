import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { encodeName, queryKeys } from './keys.ts';
import type { CreateUserInput, UpdateUserInput, UserView } from './types.ts';

const path = (username: string) => `/api/users/${encodeName(username)}`;

/** Admin only. */
export const usersApi = {
  list: async (): Promise<UserView[]> => (await apiRequest<{ users: UserView[] }>('/api/users')).users,
  create: (input: CreateUserInput): Promise<UserView> => apiRequest('/api/users', { method: 'POST', body: input }),
  /** A role change or disabling ends the user's sessions. */
  update: (username: string, input: UpdateUserInput): Promise<UserView> => apiRequest(path(username), { method: 'PATCH', body: input }),
  /** Also revokes the user's tokens. */
  remove: (username: string): Promise<void> => apiRequest(path(username), { method: 'DELETE' }),
};

/** `enabled: false` for pages that only need the list when an admin asks for it. */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: queryKeys.users, queryFn: usersApi.list, enabled });
}

function useInvalidateUsers() {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: queryKeys.users });
    await client.invalidateQueries({ queryKey: queryKeys.allTokens });
  };
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: usersApi.create, onSuccess: invalidate, meta: { inline: true } });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ username, input }: { username: string; input: UpdateUserInput }) => usersApi.update(username, input),
    onSuccess: invalidate,
    meta: { inline: true },
  });
}

export function useDeleteUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: usersApi.remove, onSuccess: invalidate, meta: { inline: true } });
}
