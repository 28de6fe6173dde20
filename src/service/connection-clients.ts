import { ZiggyError, connectionIdentifier, type Mode } from '../core/index.ts';
import type { ResolvedClientConfig } from '../runtime/index.ts';
import { sourceFor } from './connection-view.ts';
import type { ConnectionStore } from '../store/types.ts';
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

/**
 * The saved connection a block's code means by `name`: the name itself, or the connection whose
 * identifier form it is (`connections.crm_prod` is how code spells `crm-prod`, see
 * connectionIdentifier). Identifier forms are unique: saving a clashing name is refused.
 */
export async function connectionNamedInCode(connections: ConnectionStore, name: string): Promise<string> {
  if (await connections.get(name)) return name;
  const match = (await connections.list()).find((record) => connectionIdentifier(record.name) === name);
  return match?.name ?? name;
}
