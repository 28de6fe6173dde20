import { ZiggyError } from '../core/index.ts';
import { isolationSettings, type IsolationSetting } from '../runtime/index.ts';
import type { RunSettings } from './run-types.ts';
import type { RunOptions } from './types.ts';

interface RunLimits extends RunSettings {
  runners: number;
  runnerSpares: number;
  runnerLanes: number;
  laneIdleMs: number;
  timeoutMs: number;
  memoryMb: number;
}

export interface ResolvedRunOptions extends RunLimits {
  isolation: IsolationSetting;
}

interface Limit {
  env: string;
  fallback: number;
  min: number;
}

const limits: Record<keyof RunLimits, Limit> = {
  runners: { env: 'ZIGGY_RUNNERS', fallback: 2, min: 1 },
  runnerSpares: { env: 'ZIGGY_RUNNER_SPARES', fallback: 1, min: 0 },
  runnerLanes: { env: 'ZIGGY_RUNNER_LANES', fallback: 8, min: 1 },
  laneIdleMs: { env: 'ZIGGY_RUNNER_LANE_IDLE_MS', fallback: 300_000, min: 1000 },
  timeoutMs: { env: 'ZIGGY_RUN_TIMEOUT_MS', fallback: 30_000, min: 1 },
  // Below this a runner cannot even load its clients.
  memoryMb: { env: 'ZIGGY_RUN_MEMORY_MB', fallback: 256, min: 32 },
  // Room for an error and a few console lines.
  maxRecordBytes: { env: 'ZIGGY_RUN_MAX_RECORD_BYTES', fallback: 256 * 1024, min: 256 },
  retentionDays: { env: 'ZIGGY_RUN_RETENTION_DAYS', fallback: 30, min: 1 },
  retentionCount: { env: 'ZIGGY_RUN_RETENTION_COUNT', fallback: 10_000, min: 1 },
};

function checked(value: number, min: number, source: string, shown: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ZiggyError('bad_input', `${source} must be a whole number of at least ${min}; got ${shown}.`, { field: source });
  }
  return value;
}

/** Each limit from the options, else its environment variable, else its default; refuses anything not a whole number in range. */
export function resolveRunOptions(options: RunOptions = {}, env: Record<string, string | undefined> = {}): ResolvedRunOptions {
  const resolved = {} as RunLimits;
  for (const [key, limit] of Object.entries(limits) as Array<[keyof RunLimits, Limit]>) {
    const given = options[key];
    const fromEnv = env[limit.env]?.trim();
    if (given !== undefined) resolved[key] = checked(given, limit.min, `runs.${key}`, String(given));
    else if (fromEnv !== undefined && fromEnv !== '') resolved[key] = checked(Number(fromEnv), limit.min, limit.env, `"${fromEnv}"`);
    else resolved[key] = limit.fallback;
  }
  return { ...resolved, isolation: isolationOf(options.isolation, env['ZIGGY_BLOCK_ISOLATION']?.trim()) };
}

function isolationOf(given: string | undefined, fromEnv: string | undefined): IsolationSetting {
  const [value, source] = given !== undefined ? [given, 'runs.isolation'] : [fromEnv || 'sandbox', 'ZIGGY_BLOCK_ISOLATION'];
  const setting = isolationSettings.find((known) => known === value);
  if (setting === undefined) {
    throw new ZiggyError('bad_input', `${source} must be one of ${isolationSettings.join(', ')}; got "${value}".`, { field: source });
  }
  return setting;
}
