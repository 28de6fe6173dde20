import type { UserAdminService, UserView } from '../service/auth-types.ts';
import { route, type HttpClient } from './http.ts';

/** Users over the REST API (admin only); a password goes to the server in the request body and is never read back. */
export function remoteUsers(http: HttpClient): UserAdminService {
  return {
    list: async () => (await http.request<{ users: UserView[] }>('GET', '/api/users')).users,
    create: ({ username, password, role, roles }) => http.request<UserView>('POST', '/api/users', { body: { username, password, role, roles } }),
    update: (username, { role, roles, password, disabled }) =>
      http.request<UserView>('PATCH', route`/api/users/${username}`, { body: { role, roles, password, disabled } }),
    delete: (username) => http.request<void>('DELETE', route`/api/users/${username}`),
  };
}
