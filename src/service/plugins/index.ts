import { ZiggyError } from '../../core/index.ts';
import type { ConnectorRegistry } from '../../connectors/registry.ts';
import type { Actor, Store } from '../../store/types.ts';
import type { PluginLoad } from './load.ts';
import { installedFacts, npmInstall, npmUninstall, packageEntry, packageNameOf, recordedSpec } from './npm.ts';
import { readPluginRecords, writePluginRecords, type PluginKind, type PluginRecord } from './records.ts';
import { assertFreeId, importConnector } from './validate.ts';

export type { PluginKind, PluginRecord } from './records.ts';
export type { PluginFailure, PluginLoad } from './load.ts';
export { loadPlugins } from './load.ts';
export { pluginsToLoad, readPluginRecords } from './records.ts';

/**
 * A recorded plugin and how this process has it: `loaded` at start, `failed` to load (with why),
 * or `pending`: recorded after this process started, so it loads at the next start.
 */
export interface PluginView extends PluginRecord {
  status: 'loaded' | 'failed' | 'pending';
  error?: string;
}

/** Installing connector packages and allowed modules (admin only: the routes and the CLI's local data dir check it). */
export interface PluginService {
  list(): Promise<PluginView[]>;
  /** Installs a connector package: it must export a connector whose id no other type has. */
  add(spec: string, actor: Actor): Promise<PluginView>;
  /** Installs a module the npm-module type may then name (the allowlist). */
  allow(spec: string, actor: Actor): Promise<PluginView>;
  remove(name: string, actor: Actor): Promise<void>;
}

export function createPluginService(deps: { store: Store; pluginsDir: string; registry: ConnectorRegistry; load: PluginLoad }): PluginService {
  const { store, pluginsDir } = deps;

  function viewOf(record: PluginRecord): PluginView {
    const failure = deps.load.failures.find((failed) => failed.name === record.name);
    if (failure !== undefined) return { ...record, status: 'failed', error: failure.message };
    const loaded = record.kind === 'module' ? deps.load.modules.has(record.name) : deps.registry.entryOf(record.type ?? '') !== undefined;
    return { ...record, status: loaded ? 'loaded' : 'pending' };
  }

  async function install(spec: string, kind: PluginKind, actor: Actor): Promise<PluginView> {
    const name = await packageNameOf(spec);
    const records = await readPluginRecords(store.settings);
    if (name === 'ziggy-connections' || records.some((record) => record.name === name)) {
      throw new ZiggyError('plugin_exists', `${name} is already installed: remove it first to install another version.`, { name });
    }
    await npmInstall(pluginsDir, spec);
    let type: string | undefined;
    try {
      if (kind === 'connector') {
        const connector = await importConnector(name, await packageEntry(pluginsDir, name));
        const taken = new Set([...deps.registry.all.map((known) => known.id), ...records.flatMap((record) => (record.type === undefined ? [] : [record.type]))]);
        assertFreeId(name, connector.id, taken);
        type = connector.id;
      } else {
        await packageEntry(pluginsDir, name);
      }
    } catch (error) {
      await npmUninstall(pluginsDir, name);
      throw error;
    }
    const facts = await installedFacts(pluginsDir, name);
    const record: PluginRecord = { name, kind, spec: recordedSpec(spec), ...facts, ...(type === undefined ? {} : { type }), addedBy: actor, addedAt: new Date().toISOString() };
    await writePluginRecords(store.settings, [...records, record], { actor, action: 'plugin.add', record });
    return viewOf(record);
  }

  return {
    list: async () => (await readPluginRecords(store.settings)).map(viewOf),
    add: (spec, actor) => install(spec, 'connector', actor),
    allow: (spec, actor) => install(spec, 'module', actor),
    async remove(name, actor) {
      const records = await readPluginRecords(store.settings);
      const record = records.find((candidate) => candidate.name === name);
      if (record === undefined) throw new ZiggyError('plugin_not_found', `No plugin named ${name} is installed.`, { name });
      const users = (await store.connections.list()).filter((connection) => connection.type === record.type);
      if (users.length > 0) {
        throw new ZiggyError('plugin_in_use', `${name} is the type of ${users.map((connection) => `"${connection.name}"`).join(', ')}: delete those connections first.`, { name });
      }
      await writePluginRecords(store.settings, records.filter((candidate) => candidate !== record), { actor, action: 'plugin.remove', record });
      await npmUninstall(pluginsDir, name);
    },
  };
}
