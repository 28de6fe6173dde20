import { pathToFileURL } from 'node:url';
import type { NpmModuleConfig } from './schema.ts';

/** The live object of an npm-module connection: whatever the module's constructor or factory returned. */
export type NpmModuleClient = Record<string, unknown>;

// closeClient gets only the client: the method that releases it is remembered when it is made.
const closers = new WeakMap<object, string>();

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
}

/** Imports the allowed module from the file the allowlist resolved, and makes the client as `construct` says. */
export async function createNpmModuleClient(config: NpmModuleConfig): Promise<NpmModuleClient> {
  if (config.moduleFile === undefined) throw new Error(`The module "${config.module}" is not on this hub's allowlist.`);
  const exports = (await import(pathToFileURL(config.moduleFile).href)) as Record<string, unknown>;
  if (config.construct === 'module') return exports;
  const constructs = config.construct === 'new' || config.construct.startsWith('new ');
  const exportName = config.construct === 'default' || config.construct === 'new' ? 'default' : config.construct.replace(/^new /, '');
  const made = exports[exportName];
  if (typeof made !== 'function') throw new Error(`The module "${config.module}" has no function export "${exportName}" to make the client with.`);
  const maker = made as new (...args: unknown[]) => NpmModuleClient;
  const client: unknown = constructs || isClass(made) ? new maker(...config.args) : await (made as (...args: unknown[]) => unknown)(...config.args);
  if ((typeof client !== 'object' && typeof client !== 'function') || client === null) {
    throw new Error(`The module "${config.module}"'s ${exportName} export returned ${client === null ? 'null' : typeof client}, not a client object.`);
  }
  if (config.close !== undefined) closers.set(client, config.close);
  return client as NpmModuleClient;
}

/** The method at a dotted path of the client, bound to the object that holds it (`balance.retrieve` runs with this = client.balance). */
export function methodAt(client: NpmModuleClient, dotted: string): (...args: unknown[]) => unknown {
  let holder: unknown = client;
  const keys = dotted.split('.');
  for (const key of keys.slice(0, -1)) holder = (holder as Record<string, unknown> | undefined)?.[key];
  const method = (holder as Record<string, unknown> | undefined)?.[keys.at(-1) ?? ''];
  if (typeof method !== 'function') throw new Error(`The client has no method ${dotted}.`);
  return (method as (...args: unknown[]) => unknown).bind(holder);
}

export async function closeNpmModuleClient(client: NpmModuleClient): Promise<void> {
  const close = closers.get(client);
  if (close !== undefined) await methodAt(client, close)();
}
