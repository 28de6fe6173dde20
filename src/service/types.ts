import type { Mode, TestResult } from '../core/index.ts';
import type { IsolationSetting } from '../runtime/index.ts';
import type { StoreMigrateMode } from '../store/open.ts';
import type { Actor, AuditEntry, AuditFilter, RevisionRecord } from '../store/types.ts';
import type { FileService } from './files.ts';
import type { BlockService, RunService, RunSettings } from './run-types.ts';

/** Something worth telling the user that does not refuse a save. */
export interface Warning {
  /** `secret_missing`: references a secret that does not exist yet; `secret_literal`: a secret field holds a literal. */
  code: 'secret_missing' | 'secret_literal';
  message: string;
  mode: Mode;
  field?: string;
  line?: number;
  column?: number;
}

/** The last test of a saved connection in one mode. */
export interface TestStatus {
  ok: boolean;
  code: string;
  /** Redacted like every test message. */
  message: string;
  at: string;
  durationMs: number;
}

export type LastTests = Partial<Record<Mode, TestStatus>>;

export interface ConnectionSummary {
  name: string;
  /** The form usable as `connections.NAME` in code. */
  identifier: string;
  type: string;
  description: string;
  tags: string[];
  version: number;
  /** True when no prod source is set and prod uses the dev source. */
  prodUsesDev: boolean;
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor;
  /** The last test per mode; a mode never tested is absent. */
  lastTest: LastTests;
}

export interface ConnectionView extends ConnectionSummary {
  devSource: string;
  prodSource: string | null;
  /** Secret names referenced per mode (prod lists the dev source's references when it falls back). */
  secretRefs: Record<Mode, string[]>;
  /** Modes whose source the caller may not read (see docs/api.md): their source is left out, as `''` or `null`. */
  hiddenSources: Mode[];
}

/** A revision as a caller sees it: a source they may not read is left out of the snapshot. */
export interface RevisionView extends RevisionRecord {
  hiddenSources: Mode[];
}

/** One mode's config source, as that mode uses it. */
export interface SourceView {
  name: string;
  mode: Mode;
  source: string;
  /** True when the mode is prod and it uses the dev source. */
  prodUsesDev: boolean;
}

export interface SaveResult {
  connection: ConnectionView;
  warnings: Warning[];
}

export interface CreateConnectionInput {
  name: string;
  type: string;
  description?: string;
  tags?: string[];
  devSource: string;
  prodSource?: string | null;
}

export interface UpdateConnectionInput {
  description?: string;
  tags?: string[];
  devSource?: string;
  /** null clears the prod source so prod uses dev. */
  prodSource?: string | null;
  /** The version last seen; when given and stale, the update is refused with `version_conflict`. */
  version?: number;
}

export interface ConnectionTestOutcome extends TestResult {
  mode: Mode;
  /** True when the mode was prod and the dev source was used. */
  prodUsesDev: boolean;
  /** Where `field` sits in the tested source, so an editor can highlight it. */
  fieldLocation?: { line: number; column: number };
}

export interface SecretView {
  name: string;
  description: string;
  tags: string[];
  /** Which values are set. A value itself is never part of a view. */
  modes: Record<Mode, boolean>;
  prodUsesDev: boolean;
  usedBy: string[];
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor;
}

export interface SetSecretInput {
  name: string;
  value: string;
  /** `prod` sets the production value; the dev value must exist first (it is the default). */
  mode: Mode;
  description?: string;
  tags?: string[];
}

/** Metadata only: the values stay as they are. At least one field must be given. */
export interface UpdateSecretInput {
  description?: string;
  /** Replaces the tags; trimmed, duplicates and empty tags dropped. */
  tags?: string[];
}

export interface ConnectionTypeView {
  id: string;
  label: string;
  module: string;
  description: string;
  lifecycle: string;
  example: string;
  secretFields: readonly string[];
  jsonSchema: Record<string, unknown>;
  operations: Array<{ name: string; label: string; description: string }>;
  /** For a type that holds files (`ziggy files`, the file browser): the parameter naming its bucket or container, if any; null otherwise. */
  files: { location: { name: string; description: string } | null } | null;
}

export interface TestOptions {
  /** Default: the server-wide default mode setting. */
  mode?: Mode;
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

export interface ConnectionService {
  list(): Promise<ConnectionSummary[]>;
  get(name: string): Promise<ConnectionView>;
  create(input: CreateConnectionInput, actor: Actor): Promise<SaveResult>;
  update(name: string, input: UpdateConnectionInput, actor: Actor): Promise<SaveResult>;
  delete(name: string, actor: Actor): Promise<void>;
  history(name: string): Promise<RevisionRecord[]>;
  restore(name: string, revision: number, actor: Actor, version?: number): Promise<SaveResult>;
  test(name: string, options: TestOptions, actor: Actor): Promise<ConnectionTestOutcome>;
  testDraft(draft: { type: string; source: string }, options: TestOptions, actor: Actor): Promise<ConnectionTestOutcome>;
}

export interface SecretService {
  list(): Promise<SecretView[]>;
  get(name: string): Promise<SecretView>;
  set(input: SetSecretInput, actor: Actor): Promise<SecretView>;
  /** Changes description and tags, keeping the stored values untouched; `secret_not_found` when absent. */
  update(name: string, input: UpdateSecretInput, actor: Actor): Promise<SecretView>;
  /** Removes the prod value so prod falls back to dev again. */
  clearProd(name: string, actor: Actor): Promise<SecretView>;
  /** Refused with `secret_in_use` while a connection references it, unless forced. */
  delete(name: string, options: { force?: boolean }, actor: Actor): Promise<void>;
}

export interface AuditService {
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
}

export interface TypeService {
  list(): Promise<ConnectionTypeView[]>;
  get(id: string): Promise<ConnectionTypeView>;
}

/** Everything the CLI, the server and the package API call. Opened by `openServices()` in ./index.ts. */
export type { FileDownload, FileListing, FileService, FileTarget, FileUpload } from './files.ts';

export interface Services {
  connections: ConnectionService;
  secrets: SecretService;
  audit: AuditService;
  types: TypeService;
  blocks: BlockService;
  runs: RunService;
  files: FileService;
  close(): Promise<void>;
}

export interface OpenServicesOptions {
  /** Default: `ZIGGY_DATA_DIR` or `./data`. */
  dataDir?: string;
  /** A `postgres://` URL of a shared PostgreSQL store; default ZIGGY_STORE_URL, else the SQLite file in the data dir. */
  storeUrl?: string;
  /** `manual`: do not apply pending PostgreSQL migrations on open (`ziggy store migrate` does); default ZIGGY_STORE_MIGRATE, else `auto`. */
  storeMigrate?: StoreMigrateMode;
  /** The environment to read `ZIGGY_MASTER_KEY`, `ZIGGY_DATA_DIR` and the `ZIGGY_RUN*` limits from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Limits of block and operation runs; each given here wins over its environment variable. */
  runs?: RunOptions;
  /**
   * Where runs execute: `server` (default), in this process; `workers`, handed to `ziggy worker`
   * processes through the queue in the PostgreSQL store. Default ZIGGY_RUN_ON, else `server`.
   */
  runOn?: RunOn;
}

export type RunOn = 'server' | 'workers';

/**
 * Limits of runs. Each one not given is read from its environment variable, else its default:
 * `runners` ZIGGY_RUNNERS (2), `runnerSpares` ZIGGY_RUNNER_SPARES (1), `runnerLanes`
 * ZIGGY_RUNNER_LANES (8), `laneIdleMs` ZIGGY_RUNNER_LANE_IDLE_MS (300 000), `isolation`
 * ZIGGY_BLOCK_ISOLATION (sandbox), `timeoutMs` ZIGGY_RUN_TIMEOUT_MS (30 000), `memoryMb`
 * ZIGGY_RUN_MEMORY_MB (256), `maxRecordBytes` ZIGGY_RUN_MAX_RECORD_BYTES (262 144),
 * `retentionDays` ZIGGY_RUN_RETENTION_DAYS (30), `retentionCount` ZIGGY_RUN_RETENTION_COUNT (10 000).
 */
export interface RunOptions extends Partial<RunSettings> {
  /** Block runs at once, across all trust lanes. */
  runners?: number;
  /** Runners started ahead, bound to no lane yet. */
  runnerSpares?: number;
  /** Trust lanes kept warm (least recently used ended past it). */
  runnerLanes?: number;
  /** A lane with no run for this long is ended, ms. */
  laneIdleMs?: number;
  /** `sandbox` (default) or `permission-only`, which runs blocks with no OS sandbox. */
  isolation?: IsolationSetting;
  /** Longest a block or an operation may run, ms; a run may ask for less, not more. */
  timeoutMs?: number;
  /** Heap limit of each runner process, MB. */
  memoryMb?: number;
}
