import { ZiggyError, modes, parseMode, type Mode } from '../core/index.ts';
import type { Store } from '../store/types.ts';
import type { Settings, SettingsService } from './auth-types.ts';

export const defaultSettings: Settings = { defaultMode: 'dev' };

const settingKeys = Object.keys(defaultSettings) as Array<keyof Settings>;

/** A value written by another version, or edited by hand, falls back to the default rather than failing every call. */
function storedMode(value: unknown): Mode {
  return typeof value === 'string' && (modes as readonly string[]).includes(value) ? (value as Mode) : defaultSettings.defaultMode;
}

export function createSettingsService(store: Store): SettingsService {
  async function get(): Promise<Settings> {
    const stored = new Map((await store.settings.list()).map((setting) => [setting.key, setting.value]));
    return { defaultMode: storedMode(stored.get('defaultMode')) };
  }

  return {
    get,

    async update(input, actor) {
      for (const key of Object.keys(input)) {
        if (!(settingKeys as string[]).includes(key)) {
          throw new ZiggyError('bad_input', `Unknown setting "${key}": known settings are ${settingKeys.join(', ')}.`, {
            field: key,
          });
        }
      }
      const current = await get();
      if (input.defaultMode !== undefined) {
        const value = parseMode(String(input.defaultMode));
        if (value !== current.defaultMode) {
          await store.settings.put(
            { key: 'defaultMode', value, by: actor },
            {
              actor,
              action: 'setting.update',
              entityType: 'setting',
              entityName: 'defaultMode',
              details: { value, previous: current.defaultMode },
            },
          );
        }
      }
      return get();
    },
  };
}
