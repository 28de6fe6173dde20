import type { ConnectionTypeView, TypeService } from '../service/types.ts';
import { route, type HttpClient } from './http.ts';

export function remoteTypes(http: HttpClient): TypeService {
  return {
    list: async () => (await http.request<{ types: ConnectionTypeView[] }>('GET', '/api/types')).types,
    get: (id) => http.request<ConnectionTypeView>('GET', route`/api/types/${id}`),
  };
}
