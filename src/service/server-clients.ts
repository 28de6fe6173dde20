import { valuesAt, type Mode } from '../core/index.ts';
import { ClientCache } from '../runtime/index.ts';
import type { Redactor } from '../secrets/redactor.ts';
import type { ResolvedConnection } from './resolution.ts';

/**
 * The clients this process holds for its own work on connections (operations, file transfers):
 * one cache shared by every service, so an SFTP server sees one session from the hub, not one per
 * feature. Created on first use, so commands that touch no connection open nothing.
 */
export interface ServerClients {
  cache(): ClientCache;
  close(): Promise<void>;
}

export interface ServerClientsDeps {
  resolveConnection(name: string, mode: Mode): Promise<ResolvedConnection>;
  redactor: Redactor;
  /** Called after each change made here or by another process on the store, so cached clients check their config again. */
  onChange(listener: (name: string | undefined) => void): void;
}

export function createServerClients(deps: ServerClientsDeps): ServerClients {
  let cache: ClientCache | undefined;
  return {
    cache() {
      if (cache !== undefined) return cache;
      // Subscribed on first use, so a command that touches no connection opens no listening connection.
      deps.onChange(() => cache?.invalidate());
      cache = new ClientCache({
        resolve: async (name, mode) => {
          const resolved = await deps.resolveConnection(name, mode);
          // Values at the type's secret fields (a literal `password`) are scrubbed like secrets.
          for (const value of valuesAt(resolved.config, resolved.connector.secretFields)) deps.redactor.add(value);
          return resolved;
        },
      });
      return cache;
    },
    async close() {
      await cache?.close();
    },
  };
}
