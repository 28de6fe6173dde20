import { ZiggyError, type Mode } from '../core/index.ts';
import type { ResolvedClientConfig } from '../runtime/index.ts';
import { sourceFor } from './connection-view.ts';
import type { OpenedServices } from './index.ts';
import { resolveSource } from './resolution.ts';

/** Resolves a saved connection for a mode into what the client cache needs to create a client. */
export function connectionResolver(
  services: Pick<OpenedServices, 'store' | 'findConnector' | 'secretValues'>,
): (name: string, mode: Mode) => Promise<ResolvedClientConfig> {
  return async (name, mode) => {
    const record = await services.store.connections.get(name);
    if (!record) throw new ZiggyError('connection_not_found', `Connection "${name}" does not exist.`, { name });
    const connector = services.findConnector(record.type);
    return resolveSource(connector, sourceFor(record, mode), mode, name, services.secretValues);
  };
}
