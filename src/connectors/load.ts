import type { AnyConnector } from '../core/index.ts';

const idPattern = /^[a-z][a-z0-9-]*$/;

function isConnector(value: unknown, id: string): value is AnyConnector {
  if (typeof value !== 'object' || value === null) return false;
  const { id: ownId, createClient, closeClient } = value as Record<string, unknown>;
  return ownId === id && typeof createClient === 'function' && typeof closeClient === 'function';
}

const loaded = new Map<string, Promise<AnyConnector | undefined>>();

/**
 * One connection type, loaded on first use from its folder (a type's folder is its id; the
 * registry test checks it for every type). A runner process uses this instead of the registry
 * in index.ts: importing every client library costs about 95 MB of heap and 1.7 s, more than a
 * block's memory limit may allow, while a run needs only the types it names.
 */
export function loadConnector(id: string): Promise<AnyConnector | undefined> {
  if (!idPattern.test(id)) return Promise.resolve(undefined);
  let connector = loaded.get(id);
  if (connector === undefined) {
    connector = import(`./${id}/index.ts`).then(
      (module: { default?: unknown }) => (isConnector(module.default, id) ? module.default : undefined),
      (error: unknown) => {
        if (error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(`/connectors/${id}/index.ts`)) return undefined;
        throw error;
      },
    );
    loaded.set(id, connector);
  }
  return connector;
}
