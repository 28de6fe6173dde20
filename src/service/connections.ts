import {
  ZiggyError,
  assertConnectionName,
  connectionIdentifier,
  type AnyConnector,
} from '../core/index.ts';
import type { Actor, ConnectionFields, ConnectionRecord, RevisionRecord, Store } from '../store/types.ts';
import { checkSource } from './config-check.ts';
import { toSummary, toView } from './connection-view.ts';
import type { ConnectionTester } from './connection-tests.ts';
import { normalizeTags } from './tags.ts';
import { lastTestsByConnection, lastTestsOf } from './test-status.ts';
import type { ConnectionService, CreateConnectionInput, SaveResult, UpdateConnectionInput, Warning } from './types.ts';

/** A blank prod source means "no prod config of its own": prod uses dev. */
export function normalizeProd(source: string | null | undefined): string | null {
  return source === undefined || source === null || source.trim() === '' ? null : source;
}

// An update without a version applies its fields to whatever is current; it retries when another writer got in between.
const unversionedUpdateAttempts = 5;

export function createConnectionService(
  store: Store,
  findConnector: (id: string) => AnyConnector,
  tester: ConnectionTester,
  onChange: (name: string) => void,
): ConnectionService {
  async function require(name: string): Promise<ConnectionRecord> {
    const record = await store.connections.get(name);
    if (!record) throw new ZiggyError('connection_not_found', `Connection "${name}" does not exist.`, { name });
    return record;
  }

  async function check(fields: ConnectionFields): Promise<Warning[]> {
    const connector = findConnector(fields.type);
    if (fields.devSource.trim() === '') {
      throw new ZiggyError('bad_input', 'The Development config is required.', { field: 'devSource', mode: 'dev' });
    }
    const existingSecrets = new Set((await store.secrets.list()).map((secret) => secret.name));
    const warnings = checkSource(connector, fields.devSource, 'dev', existingSecrets);
    if (fields.prodSource !== null) warnings.push(...checkSource(connector, fields.prodSource, 'prod', existingSecrets));
    return warnings;
  }

  async function assertNameFree(name: string): Promise<void> {
    const identifier = connectionIdentifier(name);
    const clash = (await store.connections.list()).find(
      (other) => other.name === name || connectionIdentifier(other.name) === identifier,
    );
    if (clash) {
      const why = clash.name === name ? 'already exists' : `would be connections.${identifier} in code, like "${clash.name}"`;
      throw new ZiggyError('name_taken', `Connection "${name}" ${why}.`, { field: 'name', name });
    }
  }

  async function save(
    current: ConnectionRecord,
    fields: ConnectionFields,
    expectedVersion: number,
    actor: Actor,
    restoredFrom?: number,
  ): Promise<SaveResult> {
    const warnings = await check(fields);
    const action = restoredFrom === undefined ? 'update' : 'restore';
    const record = await store.connections.update(
      { name: current.name, expectedVersion, fields, by: actor, action, ...(restoredFrom ? { restoredFrom } : {}) },
      {
        actor,
        action: `connection.${action}`,
        entityType: 'connection',
        entityName: current.name,
        details: { version: expectedVersion + 1, ...(restoredFrom ? { restoredFrom } : {}) },
      },
    );
    onChange(current.name);
    return { connection: toView(record, await lastTestsOf(store, current.name)), warnings };
  }

  return {
    async list() {
      const [records, lastTests] = await Promise.all([store.connections.list(), lastTestsByConnection(store)]);
      return records.map((record) => toSummary(record, lastTests.get(record.name) ?? {}));
    },

    async get(name) {
      const record = await require(name);
      return toView(record, await lastTestsOf(store, name));
    },

    async create(input: CreateConnectionInput, actor) {
      assertConnectionName(input.name);
      await assertNameFree(input.name);
      const fields: ConnectionFields = {
        type: input.type,
        description: input.description?.trim() ?? '',
        tags: normalizeTags(input.tags),
        devSource: input.devSource,
        prodSource: normalizeProd(input.prodSource),
      };
      const warnings = await check(fields);
      const record = await store.connections.create(
        { name: input.name, fields, by: actor },
        {
          actor,
          action: 'connection.create',
          entityType: 'connection',
          entityName: input.name,
          details: { type: fields.type, version: 1, prodUsesDev: fields.prodSource === null },
        },
      );
      onChange(input.name);
      return { connection: toView(record, {}), warnings };
    },

    async update(name, input: UpdateConnectionInput, actor) {
      for (let attempt = 1; ; attempt++) {
        const current = await require(name);
        if (input.version !== undefined && input.version !== current.version) {
          throw new ZiggyError(
            'version_conflict',
            `Connection "${name}" was changed by someone else: you sent version ${input.version}, the current version is ${current.version}. Reload and apply your change again.`,
            { name, expected: input.version, current: current.version },
          );
        }
        const fields: ConnectionFields = {
          type: current.type,
          description: input.description?.trim() ?? current.description,
          tags: input.tags ? normalizeTags(input.tags) : current.tags,
          devSource: input.devSource ?? current.devSource,
          prodSource: input.prodSource === undefined ? current.prodSource : normalizeProd(input.prodSource),
        };
        try {
          return await save(current, fields, input.version ?? current.version, actor);
        } catch (error) {
          const retry = input.version === undefined && attempt < unversionedUpdateAttempts;
          if (!(retry && error instanceof ZiggyError && error.id === 'version_conflict')) throw error;
        }
      }
    },

    async delete(name, actor) {
      await require(name);
      await store.connections.delete(name, {
        actor,
        action: 'connection.delete',
        entityType: 'connection',
        entityName: name,
        details: {},
      });
      onChange(name);
    },

    async history(name): Promise<RevisionRecord[]> {
      await require(name);
      return store.connections.revisions(name);
    },

    async restore(name, revision, actor, version) {
      const current = await require(name);
      const target = await store.connections.revision(name, revision);
      if (!target) {
        throw new ZiggyError('revision_not_found', `Connection "${name}" has no revision ${revision}.`, { name, revision });
      }
      if (version !== undefined && version !== current.version) {
        throw new ZiggyError(
          'version_conflict',
          `Connection "${name}" was changed by someone else: you sent version ${version}, the current version is ${current.version}.`,
          { name, expected: version, current: current.version },
        );
      }
      return save(current, { ...target.snapshot, type: current.type }, current.version, actor, revision);
    },

    async test(name, options, actor) {
      return tester.testSaved(await require(name), options, actor);
    },

    async testDraft(draft, options, actor) {
      return tester.testDraft(draft, options, actor);
    },
  };
}
