import type { Mode } from '../../core/index.ts';
import type { Redactor } from '../../secrets/redactor.ts';
import type { BlockIsolation, IsolationSetting } from './isolation-level.ts';

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error';

/** One line the block wrote with `consoleMsg` or `console.*`; `at` is an ISO timestamp. */
export interface ConsoleLine {
  level: ConsoleLevel;
  text: string;
  at: string;
}

/** What `branchTo(edge, data)` sent to one output edge, in call order. */
export interface RunOutput {
  edge: number;
  items: unknown[];
}

export const runStatuses = ['ok', 'error', 'timeout', 'memory'] as const;
export type RunStatus = (typeof runStatuses)[number];

export interface BlockRunResult {
  status: RunStatus;
  /** The function's return value (plain data); see docs/blocks.md for how it is routed. */
  result?: unknown;
  /** branchTo data per edge, ordered by edge. */
  outputs: RunOutput[];
  console: ConsoleLine[];
  /** For every status but `ok`: a plain message and, for thrown errors, the stack's frames inside the block. */
  error?: { message: string; stack?: string };
  durationMs: number;
}

export interface RunRequest {
  code: string;
  inputs: unknown[];
  mode: Mode;
  /**
   * Who supplied the code: the caller for ad-hoc code, the user who saved the version for a
   * saved block. With the mode it makes the run's trust lane; a runner serves one lane only.
   */
  author: string;
  executionId: string;
  /** Overrides the pool's timeout for this run. */
  timeoutMs?: number;
}

export interface ResolvedConnectionConfig {
  /** The saved connection's name, which may differ from how code spelled it (`crm-prod` for `connections.crm_prod`). */
  name: string;
  type: string;
  /** The config after the connection type's schema, ready for createClient. */
  config: unknown;
  /** The type's secret fields, whose values the run must scrub even when written literally. */
  secretFields: readonly string[];
  /** For a plugin type: the module file the runner imports it from. */
  entry?: string;
}

export interface RunnerPoolOptions {
  /** Runs at once, across all lanes. Default 2. */
  size?: number;
  /** Runners started ahead and bound to no lane yet, so a run in a new lane does not wait for a process. Default 1. */
  spares?: number;
  /** A taken spare is replaced once the run that took it has ended, or this long into it at the latest, ms. Default 100. */
  spareRefillDelayMs?: number;
  /** Lanes whose runners are kept warm; past it the least recently used idle lane is ended. Default 8. */
  maxLanes?: number;
  /** A lane with no run for this long is ended, ms. Default 300 000. */
  laneIdleMs?: number;
  /** `sandbox` (default): runners run under bubblewrap, and runs fail where it cannot start. */
  isolation?: IsolationSetting;
  /** Longest a run may take, ms. Default 30 000. */
  timeoutMs?: number;
  /** Heap limit of each runner process, MB. Default 256. */
  memoryMb?: number;
  /** The plugins directory: runners may read it (and nothing else beyond the code) to load plugin types. */
  pluginsDir?: string;
  /** Where `sysLog` lines go, as `ziggy-YYYY-MM-DD-HH.log` (UTC hour). */
  logsDir: string;
  /** A connection's validated config for a mode; throws (e.g. connection_not_found) when it cannot. */
  resolveConnection(name: string, mode: Mode): Promise<ResolvedConnectionConfig>;
  /** A secret's value for a mode, or undefined when there is no such secret. */
  secretValue(name: string, mode: Mode): Promise<string | undefined>;
  /**
   * The process's redactor (the services' one, which learns every secret value decrypted in
   * this process). Run data is scrubbed with it as well as with the values of the run itself,
   * so a secret that reached a config through concatenation is caught too.
   */
  redactor?: Redactor;
}

export interface RunnerStats {
  pid: number;
  busy: boolean;
  runs: number;
}

/** A trust lane: code of one author in one mode, and the runners that serve only it. */
export interface LaneStats {
  mode: Mode;
  author: string;
  runners: RunnerStats[];
}

export interface RunnerPoolStats {
  isolation: BlockIsolation;
  lanes: LaneStats[];
  /** Started runners bound to no lane yet. */
  spares: number;
  /** Runs waiting for a free runner. */
  queued: number;
  /** Runners killed and replaced (timeouts, memory, crashes) since the pool started. */
  replaced: number;
}

export interface RunnerPool {
  run(request: RunRequest): Promise<BlockRunResult>;
  /** Kills every runner; queued runs end with status `error`. */
  close(): Promise<void>;
  stats(): RunnerPoolStats;
}
