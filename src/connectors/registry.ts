import { ZiggyError, type AnyConnector } from '../core/index.ts';
import { connectors as builtIns } from './index.ts';

/** A connection type installed as a plugin: the connector and the file a runner process imports it from. */
export interface PluginConnector {
  connector: AnyConnector;
  entry: string;
}

/**
 * The connection types of one process, built once at start from the built-ins and the recorded
 * plugins and handed to every service that needs a type: nothing adds to it afterwards.
 */
export interface ConnectorRegistry {
  readonly all: readonly AnyConnector[];
  find(id: string): AnyConnector | undefined;
  /** The module file of a plugin type, which a runner imports; undefined for a built-in (a runner loads it from its folder). */
  entryOf(id: string): string | undefined;
  /** The plugins directory, which runner processes may read; undefined when no plugin can be installed. */
  pluginsDir: string | undefined;
}

export function createRegistry(types: readonly AnyConnector[], plugins: readonly PluginConnector[] = [], pluginsDir?: string): ConnectorRegistry {
  const all = [...types, ...plugins.map((plugin) => plugin.connector)];
  const byId = new Map<string, AnyConnector>();
  for (const connector of all) {
    if (byId.has(connector.id)) throw new ZiggyError('plugin_invalid', `Two connection types have the id "${connector.id}".`, { type: connector.id });
    byId.set(connector.id, connector);
  }
  const entries = new Map(plugins.map((plugin) => [plugin.connector.id, plugin.entry]));
  return { all, find: (id) => byId.get(id), entryOf: (id) => entries.get(id), pluginsDir };
}

/** The built-in types alone, as a program that installs no plugins sees them. */
export const builtInRegistry: ConnectorRegistry = createRegistry(builtIns);
