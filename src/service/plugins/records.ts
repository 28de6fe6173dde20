import type { Actor, SettingsStore, Store } from '../../store/types.ts';

/** What an admin installed: a connection type (`connector`) or a module the npm-module type may name (`module`). */
export type PluginKind = 'connector' | 'module';

/** One installed package, as recorded in the store for every instance to install and load at start. */
export interface PluginRecord {
  /** The npm package name. */
  name: string;
  kind: PluginKind;
  /** What was asked for: a registry name (with a version or range) or an absolute local folder. */
  spec: string;
  /** The exact version installed; an instance that lacks it installs this one. */
  version: string;
  /** npm's subresource integrity of the installed tarball; null for a local folder, which npm does not hash. */
  integrity: string | null;
  /** For a connector: the connection type id it adds. */
  type?: string;
  addedBy: Actor;
  addedAt: string;
}

/** The records live in the settings store under one key, shared by every instance on the same store. */
const settingKey = 'plugins';

function isRecord(value: unknown): value is PluginRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['name'] === 'string' && (record['kind'] === 'connector' || record['kind'] === 'module') && typeof record['spec'] === 'string' && typeof record['version'] === 'string';
}

/**
 * The plugins to load at open: none while the store awaits its migrations (`ziggy serve
 * --no-migrate`), as it has no settings table yet; they load at the next start after it.
 */
export async function pluginsToLoad(store: Pick<Store, 'health' | 'settings'>): Promise<PluginRecord[]> {
  try {
    return await readPluginRecords(store.settings);
  } catch (error) {
    // Asked only when the read fails, so a normal start pays no extra round trip.
    if ((await store.health()).pending.length > 0) return [];
    throw error;
  }
}

export async function readPluginRecords(settings: SettingsStore): Promise<PluginRecord[]> {
  const stored = (await settings.list()).find((setting) => setting.key === settingKey)?.value;
  return Array.isArray(stored) ? stored.filter(isRecord) : [];
}

export async function writePluginRecords(
  settings: SettingsStore,
  records: PluginRecord[],
  change: { actor: Actor; action: 'plugin.add' | 'plugin.remove'; record: PluginRecord },
): Promise<void> {
  const { name, kind, spec, version, integrity, type } = change.record;
  await settings.put(
    { key: settingKey, value: records, by: change.actor },
    {
      actor: change.actor,
      action: change.action,
      entityType: 'setting',
      entityName: settingKey,
      details: { name, kind, spec, version, integrity, ...(type === undefined ? {} : { type }) },
    },
  );
}
