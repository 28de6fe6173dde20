import type { Mode } from '../core/index.ts';
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

/** Values at a connection type's secret fields (a literal `password`), which must be scrubbed like secrets. */
function secretFieldValues({ connector, config }: ResolvedConnection): string[] {
  return connector.secretFields.flatMap((field) => {
    let value: unknown = config;
    for (const part of field.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
    return typeof value === 'string' ? [value] : [];
  });
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
          for (const value of secretFieldValues(resolved)) deps.redactor.add(value);
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
