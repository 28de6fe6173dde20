/**
 * The persistence boundary. Two implementations share this interface and one contract
 * suite: the embedded SQLite store (default) and, later, a PostgreSQL store.
 * Methods are async so a networked implementation fits without changing callers.
 * Stores hold secret values only as ciphertext; they never see the master key.
 */

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
  /** e.g. `connection.create`, `connection.update`, `connection.delete`, `connection.restore`, `connection.test`, `secret.set`, `secret.delete`. */
  action: string;
  entityType: 'connection' | 'secret';
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
  /** `secret_not_found` when absent. */
  delete(name: string, audit: AuditInput): Promise<void>;
}

export interface AuditStore {
  append(entry: AuditInput): Promise<AuditEntry>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
}

export interface Store {
  connections: ConnectionStore;
  secrets: SecretStore;
  audit: AuditStore;
  close(): Promise<void>;
}
