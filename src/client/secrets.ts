import type { SecretService, SecretView } from '../service/types.ts';
import { route, type HttpClient } from './http.ts';

/** Secrets over the REST API; a value goes to the server in the request body and is never read back. */
export function remoteSecrets(http: HttpClient): SecretService {
  return {
    list: async () => (await http.request<{ secrets: SecretView[] }>('GET', '/api/secrets')).secrets,
    get: (name) => http.request<SecretView>('GET', route`/api/secrets/${name}`),
    set: ({ name, value, mode, description, tags }) =>
      http.request<SecretView>('PUT', route`/api/secrets/${name}`, { body: { value, mode, description, tags } }),
    update: (name, { description, tags }) =>
      http.request<SecretView>('PATCH', route`/api/secrets/${name}`, { body: { description, tags } }),
    clearProd: (name) => http.request<SecretView>('DELETE', route`/api/secrets/${name}/prod`),
    delete: (name, options) =>
      http.request<void>('DELETE', route`/api/secrets/${name}`, { query: { force: options.force === true ? 'true' : undefined } }),
  };
}
