import { useMutation, useQuery } from '@tanstack/react-query';
import { apiRequest, isApiError, setCsrfToken } from './client.ts';
import { queryKeys } from './keys.ts';
import type { LoginResponse, Me } from './types.ts';

export const authApi = {
  login: async (username: string, password: string): Promise<LoginResponse> => {
    const result = await apiRequest<LoginResponse>('/api/auth/login', { method: 'POST', body: { username, password } });
    setCsrfToken(result.csrfToken);
    return result;
  },
  logout: async (): Promise<void> => {
    await apiRequest('/api/auth/logout', { method: 'POST' });
    setCsrfToken(undefined);
  },
  /** Who is signed in; null when nobody is (a 401). */
  me: async (): Promise<Me | null> => {
    try {
      const me = await apiRequest<Me>('/api/auth/me');
      setCsrfToken(me.csrfToken);
      return me;
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null;
      throw error;
    }
  },
  changePassword: (currentPassword: string, newPassword: string): Promise<void> =>
    apiRequest('/api/auth/password', { method: 'PUT', body: { currentPassword, newPassword } }),
};

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: authApi.me, staleTime: Number.POSITIVE_INFINITY, retry: false });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) =>
      authApi.changePassword(currentPassword, newPassword),
    meta: { inline: true },
  });
}
