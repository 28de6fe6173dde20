import { existsSync } from 'node:fs';
import type { PluginConnector } from '../../connectors/registry.ts';
import { ZiggyError } from '../../core/index.ts';
import { installedFacts, isLocalSpec, npmInstall, packageDir, packageEntry } from './npm.ts';
import type { PluginRecord } from './records.ts';
import { assertFreeId, importConnector } from './validate.ts';

export interface PluginFailure {
  name: string;
  message: string;
}

/** What the recorded plugins gave at start. */
export interface PluginLoad {
  connectors: PluginConnector[];
  /** The modules the npm-module type may name, by package name, with the file each resolves to. */
  modules: Map<string, string>;
  failures: PluginFailure[];
}

/**
 * Installs the recorded version where this instance lacks it (another instance added it, or the
 * plugins directory is new), then checks that what is installed is what was recorded.
 */
async function ensureInstalled(pluginsDir: string, record: PluginRecord): Promise<void> {
  const installed = existsSync(packageDir(pluginsDir, record.name)) ? await installedFacts(pluginsDir, record.name).catch(() => undefined) : undefined;
  if (installed?.version !== record.version) {
    await npmInstall(pluginsDir, isLocalSpec(record.spec) ? record.spec : `${record.name}@${record.version}`);
  }
  const facts = await installedFacts(pluginsDir, record.name);
  if (facts.version !== record.version) {
    throw new ZiggyError('plugin_invalid', `${record.name} ${facts.version} is installed, but ${record.version} was recorded: add it again to change its version.`);
  }
  if (record.integrity !== null && facts.integrity !== record.integrity) {
    throw new ZiggyError('plugin_invalid', `${record.name} ${record.version} installed with integrity ${facts.integrity ?? 'none'}, not the recorded ${record.integrity}.`);
  }
}

/**
 * Loads the recorded plugins, and only those (never a scan of node_modules). A plugin that
 * fails is reported with why, and the others still load: the server starts either way.
 */
export async function loadPlugins(pluginsDir: string, records: readonly PluginRecord[], builtInIds: Iterable<string>): Promise<PluginLoad> {
  const load: PluginLoad = { connectors: [], modules: new Map(), failures: [] };
  const taken = new Set(builtInIds);
  for (const record of records) {
    try {
      await ensureInstalled(pluginsDir, record);
      const entry = await packageEntry(pluginsDir, record.name);
      if (record.kind === 'module') {
        load.modules.set(record.name, entry);
        continue;
      }
      const connector = await importConnector(record.name, entry);
      if (connector.id !== record.type) throw new ZiggyError('plugin_invalid', `${record.name} now adds type "${connector.id}", not the recorded "${record.type}".`);
      assertFreeId(record.name, connector.id, taken);
      taken.add(connector.id);
      load.connectors.push({ connector, entry });
    } catch (error) {
      load.failures.push({ name: record.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return load;
}
