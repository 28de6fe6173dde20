import { pathToFileURL } from 'node:url';
import type { AnyConnector } from '../core/index.ts';

const idPattern = /^[a-z][a-z0-9-]*$/;

/** What a module's default export must be to serve as connection type `id` (a plugin's is also checked by the plugin service). */
export function isConnector(value: unknown, id: string): value is AnyConnector {
  if (typeof value !== 'object' || value === null) return false;
  const { id: ownId, createClient, closeClient } = value as Record<string, unknown>;
  return ownId === id && typeof createClient === 'function' && typeof closeClient === 'function';
}

const loaded = new Map<string, Promise<AnyConnector | undefined>>();

function builtIn(id: string): Promise<AnyConnector | undefined> {
  return import(`./${id}/index.ts`).then(
    (module: { default?: unknown }) => (isConnector(module.default, id) ? module.default : undefined),
    (error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(`/connectors/${id}/index.ts`)) return undefined;
      throw error;
    },
  );
}

async function fromEntry(id: string, entry: string): Promise<AnyConnector | undefined> {
  const module = (await import(pathToFileURL(entry).href)) as { default?: unknown };
  return isConnector(module.default, id) ? module.default : undefined;
}

/**
 * One connection type, loaded on first use from its folder (a type's folder is its id; the
 * registry test checks it for every type), or, for a plugin type, from the entry file the
 * parent names in the grant. A runner process uses this instead of the registry in index.ts:
 * importing every client library costs about 95 MB of heap and 1.7 s, more than a block's
 * memory limit may allow, while a run needs only the types it names.
 */
export function loadConnector(id: string, pluginEntry?: string): Promise<AnyConnector | undefined> {
  if (!idPattern.test(id)) return Promise.resolve(undefined);
  const key = pluginEntry === undefined ? id : `${id}\n${pluginEntry}`;
  let connector = loaded.get(key);
  if (connector === undefined) {
    connector = builtIn(id).then((found) => (found === undefined && pluginEntry !== undefined ? fromEntry(id, pluginEntry) : found));
    loaded.set(key, connector);
  }
  return connector;
}
