/** Shared pieces of the Store contract suite (see ../contract.ts). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isZiggyError } from '../../core/errors.ts';
import type { ErrorId } from '../../core/errors.ts';
import { sameRoleInModes, type ModeRoles, type Role } from '../../core/roles.ts';
import type { AuditInput, ConnectionFields, ConnectionRecord, SessionRecord, Store, UserRecord } from '../types.ts';

/** Wraps a test body so it runs against a freshly opened store that is closed afterwards. */
export type UseStore = (run: (store: Store) => Promise<void>) => () => Promise<void>;

export const allFields = ['type', 'description', 'tags', 'devSource', 'prodSource'];

/** Random names keep cases independent of each other and of data already in the store. */
export function unique(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export function fields(overrides: Partial<ConnectionFields> = {}): ConnectionFields {
  return {
    type: 'postgres',
    description: 'Northwind orders',
    tags: ['erp'],
    devSource: "{ host: 'db.dev', password: secrets.DB_PASSWORD }",
    prodSource: null,
    ...overrides,
  };
}

export function auditOf(
  action: string,
  entityType: AuditInput['entityType'],
  entityName: string,
  actor: string,
  details: Record<string, unknown> = {},
): AuditInput {
  return { action, entityType, entityName, actor, details };
}

export async function rejectsWith(promise: Promise<unknown>, id: ErrorId, message?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isZiggyError(error), `expected a ZiggyError, got ${String(error)}`);
    assert.equal(error.id, id);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

export async function createConnection(store: Store, name: string, actor = 'cli:alice'): Promise<ConnectionRecord> {
  return store.connections.create(
    { name, fields: fields(), by: actor },
    auditOf('connection.create', 'connection', name, actor),
  );
}

export interface UpdateOptions {
  by?: string;
  action?: 'update' | 'restore';
  restoredFrom?: number;
  details?: Record<string, unknown>;
}

/** Saves `fields(changes)` as an update (or restore) with its matching audit entry. */
export async function updateConnection(
  store: Store,
  name: string,
  expectedVersion: number,
  changes: Partial<ConnectionFields>,
  options: UpdateOptions = {},
): Promise<ConnectionRecord> {
  const { by = 'api:bob', action = 'update', restoredFrom, details = {} } = options;
  const input = { name, expectedVersion, fields: fields(changes), by, action };
  return store.connections.update(
    restoredFrom === undefined ? input : { ...input, restoredFrom },
    auditOf(`connection.${action}`, 'connection', name, by, details),
  );
}

export function isVersionConflict(error: unknown): boolean {
  return isZiggyError(error) && error.id === 'version_conflict';
}

export async function createUser(
  store: Store,
  username: string,
  role: Role | ModeRoles = 'editor',
  actor = 'user:admin',
): Promise<UserRecord> {
  const roles = typeof role === 'string' ? sameRoleInModes(role) : role;
  return store.users.create(
    { username, passwordHash: `scrypt$test$${username}`, roles },
    auditOf('user.create', 'user', username, actor, { roles }),
  );
}

/** A session row as the auth service would write it at login. */
export function sessionFor(username: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = new Date().toISOString();
  return {
    idHash: randomBytes(32).toString('hex'),
    username,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    lastSeenAt: now,
    ...overrides,
  };
}

export async function startSession(store: Store, session: SessionRecord): Promise<SessionRecord> {
  return store.sessions.create(session, auditOf('user.login', 'user', session.username, `user:${session.username}`));
}
