import type { BlockService, BlockView } from '../service/run-types.ts';
import { route, type HttpClient } from './http.ts';

/** Saved blocks over the REST API. */
export function remoteBlocks(http: HttpClient): BlockService {
  return {
    list: async () => (await http.request<{ blocks: BlockView[] }>('GET', '/api/blocks')).blocks,
    get: (name) => http.request<BlockView>('GET', route`/api/blocks/${name}`),
    save: ({ name, code, description, retrySafe, version }) =>
      http.request<BlockView>('PUT', route`/api/blocks/${name}`, { body: { code, description, retrySafe, version } }),
    delete: (name) => http.request<void>('DELETE', route`/api/blocks/${name}`),
  };
}
