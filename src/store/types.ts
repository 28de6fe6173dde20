/**
 * The persistence boundary. Two implementations share this interface and one contract
 * suite: the embedded SQLite store (default) and the shared PostgreSQL store.
 * Methods are async so a networked implementation fits without changing callers.
 * Stores hold secret values only as ciphertext; they never see the master key.
 * Passwords, API tokens and session ids are stored only as hashes.
 */
import type { Mode } from '../core/mode.ts';
import type { LoginFailureStore, SessionStore, TokenStore, UserStore } from './auth-records.ts';

export type * from './auth-records.ts';

/** Who did something: `cli:alice`, `api:token-3`, `user:admin`. */
export type Actor = string;

export interface ConnectionRecord {
  name: string;
  type: string;
  description: string;
  tags: string[];
  devSource: string;
  /** null: prod uses the dev source. */
  prodSource: string | null;
  version: number;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
}

/** The fields a save sets; the store assigns version and times. */
export type ConnectionFields = Pick<ConnectionRecord, 'type' | 'description' | 'tags' | 'devSource' | 'prodSource'>;

export type RevisionAction = 'create' | 'update' | 'restore';

export interface RevisionRecord {
  connection: string;
  /** Equals the connection version this revision produced: 1, 2, 3… */
  revision: number;
  action: RevisionAction;
  at: string;
  by: Actor;
  /** Names of the fields this save changed, e.g. `['devSource', 'tags']`. */
  changed: string[];
  /** The whole connection as this revision left it. */
  snapshot: ConnectionFields;
  /** For `restore`: the revision that was restored. */
  restoredFrom?: number;
}

/** `v1:<iv b64>:<tag b64>:<ciphertext b64>` as produced by src/secrets. */
export type EncryptedValue = string;

export interface SecretRecord {
  name: string;
  description: string;
  tags: string[];
  dev: EncryptedValue;
  /** null: prod uses the dev value. */
  prod: EncryptedValue | null;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: Actor;
  /** e.g. `connection.create`, `connection.test`, `secret.set`, `user.login`, `token.revoke`, `setting.update`. */
  action: string;
  entityType: 'connection' | 'secret' | 'user' | 'token' | 'setting' | 'block';
  entityName: string;
  /** Structured facts (changed fields, mode, version, test outcome). Never a secret value. */
  details: Record<string, unknown>;
}

export type AuditInput = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditFilter {
  entityType?: AuditEntry['entityType'];
  entityName?: string;
  actor?: Actor;
  /** ISO times, inclusive. */
  since?: string;
  until?: string;
  limit?: number;
}

export interface SaveConnectionInput {
  name: string;
  fields: ConnectionFields;
  by: Actor;
}

export interface UpdateConnectionInput {
  name: string;
  /** The version the caller last saw; a different current version refuses the update with `version_conflict`. */
  expectedVersion: number;
  fields: ConnectionFields;
  by: Actor;
  action: Exclude<RevisionAction, 'create'>;
  restoredFrom?: number;
}

export interface SaveSecretInput {
  name: string;
  description: string;
  tags: string[];
  dev: EncryptedValue;
  prod: EncryptedValue | null;
  by: Actor;
}

export type SecretChanges = Partial<Pick<SecretRecord, 'description' | 'tags' | 'dev' | 'prod'>>;

export interface ConnectionStore {
  list(): Promise<ConnectionRecord[]>;
  get(name: string): Promise<ConnectionRecord | undefined>;
  /** Refused with `name_taken` when the name exists. Writes revision 1 and the audit entry in the same transaction. */
  create(input: SaveConnectionInput, audit: AuditInput): Promise<ConnectionRecord>;
  /** Atomic compare-and-set on version; writes the revision and the audit entry in the same transaction. */
  update(input: UpdateConnectionInput, audit: AuditInput): Promise<ConnectionRecord>;
  /** Deletes the connection and its revisions; `connection_not_found` when absent. */
  delete(name: string, audit: AuditInput): Promise<void>;
  /** Newest first. */
  revisions(name: string): Promise<RevisionRecord[]>;
  revision(name: string, revision: number): Promise<RevisionRecord | undefined>;
}

export interface SecretStore {
  list(): Promise<SecretRecord[]>;
  get(name: string): Promise<SecretRecord | undefined>;
  /** Creates or replaces; keeps createdAt/createdBy of an existing secret. */
  put(input: SaveSecretInput, audit: AuditInput): Promise<SecretRecord>;
  /**
   * Changes only the given fields of an existing secret, in one statement, so a concurrent
   * change to another field (the other mode's value, say) is never written back over.
   * `secret_not_found` when absent.
   */
  update(name: string, changes: SecretChanges, by: Actor, audit: AuditInput): Promise<SecretRecord>;
  /** `secret_not_found` when absent. */
  delete(name: string, audit: AuditInput): Promise<void>;
}

export interface AuditStore {
  append(entry: AuditInput): Promise<AuditEntry>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
}

/** The last test of a saved connection in one mode. The message is already redacted. */
export interface TestStatusRecord {
  connection: string;
  mode: Mode;
  ok: boolean;
  code: string;
  message: string;
  at: string;
  durationMs: number;
}

export interface TestStatusStore {
  /** Replaces the status of (connection, mode); a no-op when the connection no longer exists. */
  put(status: TestStatusRecord): Promise<void>;
  /** One connection's statuses, or all of them. */
  list(connection?: string): Promise<TestStatusRecord[]>;
}

export interface SettingRecord {
  key: string;
  /** Any JSON value. */
  value: unknown;
  updatedAt: string;
  updatedBy: Actor;
}

export interface SettingsStore {
  list(): Promise<SettingRecord[]>;
  put(input: { key: string; value: unknown; by: Actor }, audit: AuditInput): Promise<SettingRecord>;
}

/** A saved JavaScript Block: named code that outside systems can run by name. */
export interface BlockRecord {
  /** Same rules as connection names; checked by the service. */
  name: string;
  description: string;
  code: string;
  /** Declared by its author: run again on another worker when its worker stops mid-run. */
  retrySafe: boolean;
  version: number;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
}

export interface SaveBlockRecordInput {
  name: string;
  description: string;
  code: string;
  retrySafe: boolean;
  by: Actor;
}

export interface BlockStore {
  /** Ordered by name. */
  list(): Promise<BlockRecord[]>;
  get(name: string): Promise<BlockRecord | undefined>;
  /** Version 1; `name_taken` when the name exists. Writes the audit entry in the same transaction. */
  create(input: SaveBlockRecordInput, audit: AuditInput): Promise<BlockRecord>;
  /** Compare-and-set on version: `version_conflict` when it moved on, `block_not_found` when absent. Audited in the same transaction. */
  update(input: SaveBlockRecordInput & { expectedVersion: number }, audit: AuditInput): Promise<BlockRecord>;
  /** `block_not_found` when absent. Audited in the same transaction. */
  delete(name: string, audit: AuditInput): Promise<void>;
}

export type StoredRunTarget =
  | { kind: 'block'; name: string; version: number; codeHash: string }
  | { kind: 'code'; codeHash: string }
  | { kind: 'operation'; connection: string; operation: string };

/**
 * One recorded run (the service's RunRecord, see src/service/run-types.ts). The store keeps
 * what it is given: redaction and size limits are the service's job.
 */
export interface StoredRun {
  /** Random and url-safe; also the run's executionId. */
  id: string;
  target: StoredRunTarget;
  mode: Mode;
  startedBy: Actor;
  startedAt: string;
  durationMs: number;
  status: 'ok' | 'error' | 'timeout' | 'memory';
  /** Any JSON value; absent when the run returned nothing. */
  result?: unknown;
  outputs: Array<{ edge: number; items: unknown[] }>;
  console: Array<{ level: 'log' | 'info' | 'warn' | 'error'; text: string; at: string }>;
  error?: { message: string; stack?: string };
  stats?: Record<string, number>;
  truncated: boolean;
}

export interface StoredRunFilter {
  /** A block's name, or an operation as `connection/operation`. */
  target?: string;
  status?: StoredRun['status'];
  mode?: Mode;
  startedBy?: Actor;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface RunStore {
  insert(run: StoredRun): Promise<StoredRun>;
  get(id: string): Promise<StoredRun | undefined>;
  /** Newest first. */
  list(filter?: StoredRunFilter): Promise<StoredRun[]>;
  /** Deletes runs started before this ISO time; returns how many. */
  deleteOlderThan(iso: string): Promise<number>;
  /** Keeps the newest `count` runs and deletes the rest; returns how many. */
  deleteBeyondCount(count: number): Promise<number>;
}

/** What `health()` found: never the URL's password. */
export interface StoreHealth {
  kind: 'sqlite' | 'postgres';
  /** The SQLite file, or the PostgreSQL URL without its password. */
  location: string;
  /** The store answered a query within the timeout. */
  reachable: boolean;
  /** Why it did not, when it did not; without the password. */
  error?: string;
  /** The newest migration applied to the store; null when unreachable, 0 when none. */
  schemaVersion: number | null;
  /** The newest migration this Ziggy knows. */
  codeVersion: number;
  /** The migrations this Ziggy knows that the store has not applied, as `<version>: <name>`; empty when unreachable. */
  pending: string[];
}

export interface Store {
  connections: ConnectionStore;
  secrets: SecretStore;
  audit: AuditStore;
  users: UserStore;
  tokens: TokenStore;
  sessions: SessionStore;
  testStatus: TestStatusStore;
  settings: SettingsStore;
  blocks: BlockStore;
  runs: RunStore;
  loginFailures: LoginFailureStore;
  /** A cheap query with a short timeout: reachability and schema version against the code's. Never throws. */
  health(): Promise<StoreHealth>;
  /** Tells the other processes sharing this store which connection or secret changed. */
  changes: ChangeFeed;
  close(): Promise<void>;
}

/**
 * Names of connections and secrets changed by other processes on the store, so each process's
 * cached clients check their config again at once instead of at their next revalidation.
 */
export interface ChangeFeed {
  /** Tells the other processes on the store that `name` changed. Never throws: a lost notice is caught by revalidation. */
  publish(name: string): Promise<void>;
  /**
   * Calls `listener` with each name another process changed, or with undefined when notices
   * may have been missed (the listening connection dropped and came back): then everything is
   * suspect. Returns the unsubscribe function.
   */
  subscribe(listener: (name: string | undefined) => void): () => void;
}
