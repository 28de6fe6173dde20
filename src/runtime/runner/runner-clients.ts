import type { Mode } from '../../core/index.ts';
import { loadConnector } from '../../connectors/load.ts';
import { ClientCache, clientKey } from '../client-cache.ts';
import type { ConnectionGrant } from './protocol.ts';

/**
 * The runner's live clients, kept between runs. Each run hands in the configs the parent
 * resolved; the cache compares their fingerprint with the client it holds, so a warm run
 * with an unchanged config reuses the client (and its open sockets), and an edited config
 * or a rotated secret gets a new client.
 */
export class RunnerClients {
  readonly #grants = new Map<string, ConnectionGrant>();
  readonly #cache = new ClientCache({
    // Every run brings the current config, so compare on every use instead of trusting an old one.
    revalidateMs: 0,
    resolve: async (name, mode) => {
      const grant = this.#grants.get(clientKey(name, mode));
      const connector = grant === undefined ? undefined : await loadConnector(grant.type, grant.entry);
      if (grant === undefined || connector === undefined) {
        throw new Error(`Connection "${name}" was not handed to this runner for ${mode}.`);
      }
      return { connector, config: grant.config };
    },
  });

  async client(grant: ConnectionGrant, mode: Mode): Promise<unknown> {
    this.#grants.set(clientKey(grant.name, mode), grant);
    return this.#cache.get(grant.name, mode);
  }
}
