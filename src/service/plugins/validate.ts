import { pathToFileURL } from 'node:url';
import { ZiggyError, assertConnectorShape, type AnyConnector } from '../../core/index.ts';
import { isConnector } from '../../connectors/load.ts';

/** Imports a plugin package's entry and returns its default export if it is a connector, else a plugin_invalid error naming why. */
export async function importConnector(name: string, entry: string): Promise<AnyConnector> {
  let exported: unknown;
  try {
    exported = ((await import(pathToFileURL(entry).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new ZiggyError('plugin_invalid', `${name} could not be imported: ${error instanceof Error ? error.message : String(error)}`, { name });
  }
  try {
    assertConnectorShape(exported);
  } catch (error) {
    throw new ZiggyError('plugin_invalid', `${name}'s default export is not a connector: ${(error as Error).message}`, { name });
  }
  // The check a runner process makes when it loads the type from the entry file.
  if (!isConnector(exported, exported.id)) throw new ZiggyError('plugin_invalid', `${name}'s default export is not a connector.`, { name });
  return exported;
}

/** Refuses a type id that a built-in or another plugin already has. */
export function assertFreeId(name: string, id: string, taken: ReadonlySet<string>): void {
  if (taken.has(id)) {
    throw new ZiggyError('plugin_invalid', `${name} adds the connection type "${id}", which this hub already has.`, { name, type: id });
  }
}
