import type { PluginService, PluginView } from '../service/plugins/index.ts';
import { route, type HttpClient } from './http.ts';

/** Plugins over the REST API (admin only); the server runs npm, in its own plugins directory. */
export function remotePlugins(http: HttpClient): PluginService {
  return {
    list: async () => (await http.request<{ plugins: PluginView[] }>('GET', '/api/plugins')).plugins,
    add: (spec) => http.request<PluginView>('POST', '/api/plugins', { body: { spec, kind: 'connector' } }),
    allow: (spec) => http.request<PluginView>('POST', '/api/plugins', { body: { spec, kind: 'module' } }),
    remove: (name) => http.request<void>('DELETE', route`/api/plugins/${name}`),
  };
}
