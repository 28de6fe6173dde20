import { readablePaths } from './launch.ts';
import { probeSandbox } from './sandbox.ts';

/** How block code may be contained, as the operator asks for it (`ZIGGY_BLOCK_ISOLATION`). */
export const isolationSettings = ['sandbox', 'permission-only'] as const;
export type IsolationSetting = (typeof isolationSettings)[number];

/** What is in force: the sandbox, the permission model alone (asked for), or nothing, so runs are refused. */
export interface BlockIsolation {
  level: 'sandbox' | 'permission-only' | 'unavailable';
  /** One line for `ziggy serve`, /healthz and the Admin page. */
  summary: string;
}

/**
 * The isolation runners get. `sandbox` (the default) never quietly falls back: where the
 * sandbox cannot start, block runs are refused until the operator chooses `permission-only`.
 */
export function blockIsolation(setting: IsolationSetting): BlockIsolation {
  if (setting === 'permission-only') {
    return { level: 'permission-only', summary: 'Node.js permission model only (ZIGGY_BLOCK_ISOLATION=permission-only): no OS sandbox' };
  }
  const probe = probeSandbox(readablePaths());
  if (!probe.available) {
    return {
      level: 'unavailable',
      summary: `no OS sandbox (${probe.reason}); block runs are refused unless ZIGGY_BLOCK_ISOLATION=permission-only is set`,
    };
  }
  const uid = probe.dropsTo === undefined ? 'the server’s own unprivileged uid' : `uid ${probe.dropsTo}`;
  return { level: 'sandbox', summary: `bubblewrap sandbox (private PID namespace, read-only code, empty /tmp, ${uid}) and the Node.js permission model` };
}
