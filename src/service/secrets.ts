import { ZiggyError, assertSecretName, type Mode } from '../core/index.ts';
import { encryptSecret } from '../secrets/crypto.ts';
import type { Actor, SecretRecord, Store } from '../store/types.ts';
import type { SecretService, SecretView, SetSecretInput, UpdateSecretInput } from './types.ts';
import type { SecretUsage } from './secret-usage.ts';
import { normalizeTags, sameTags } from './tags.ts';

function toView(record: SecretRecord, usedBy: string[]): SecretView {
  return {
    name: record.name,
    description: record.description,
    tags: record.tags,
    modes: { dev: true, prod: record.prod !== null },
    prodUsesDev: record.prod === null,
    usedBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
}

export function createSecretService(
  store: Store,
  masterKey: Buffer,
  usage: SecretUsage,
  onChange: (name: string) => void,
): SecretService {
  async function require(name: string): Promise<SecretRecord> {
    const record = await store.secrets.get(name);
    if (!record) throw new ZiggyError('secret_not_found', `Secret "${name}" does not exist.`, { name });
    return record;
  }

  return {
    async list() {
      const [records, usedBy] = await Promise.all([store.secrets.list(), usage.all()]);
      return records.map((record) => toView(record, usedBy.get(record.name) ?? []));
    },

    async get(name) {
      return toView(await require(name), await usage.of(name));
    },

    async set(input: SetSecretInput, actor: Actor) {
      assertSecretName(input.name);
      if (input.value === '') {
        throw new ZiggyError('bad_input', `Secret "${input.name}": the value is empty.`, { field: 'value' });
      }
      const existing = await store.secrets.get(input.name);
      if (!existing && input.mode === 'prod') {
        throw new ZiggyError(
          'bad_input',
          `Secret "${input.name}" has no dev value yet: set the dev (default) value first; prod falls back to it.`,
          { field: 'mode' },
        );
      }
      const encrypted = encryptSecret(masterKey, input.name, input.mode, input.value);
      const audit = {
        actor,
        action: 'secret.set',
        entityType: 'secret' as const,
        entityName: input.name,
        details: { mode: input.mode, created: !existing },
      };
      const record = existing
        ? await store.secrets.update(
            input.name,
            {
              [input.mode]: encrypted,
              ...(input.description !== undefined ? { description: input.description } : {}),
              ...(input.tags !== undefined ? { tags: normalizeTags(input.tags) } : {}),
            },
            actor,
            audit,
          )
        : await store.secrets.put(
            {
              name: input.name,
              description: input.description ?? '',
              tags: normalizeTags(input.tags ?? []),
              dev: encrypted,
              prod: null,
              by: actor,
            },
            audit,
          );
      onChange(input.name);
      return toView(record, await usage.of(input.name));
    },

    async update(name: string, input: UpdateSecretInput, actor: Actor) {
      if (input.description === undefined && input.tags === undefined) {
        throw new ZiggyError('bad_input', `Secret "${name}": nothing to change: give a description, tags or both.`, { name });
      }
      const existing = await require(name);
      const description = input.description?.trim() ?? existing.description;
      const tags = input.tags ? normalizeTags(input.tags) : existing.tags;
      const changed = [
        ...(description === existing.description ? [] : ['description']),
        ...(sameTags(tags, existing.tags) ? [] : ['tags']),
      ];
      // Nothing differs: no write, so updatedAt and the audit log only record real changes.
      if (changed.length === 0) return toView(existing, await usage.of(name));
      // Only description and tags are written; the values are not touched. No onChange: clients depend on values only.
      const record = await store.secrets.update(
        name,
        { description, tags },
        actor,
        { actor, action: 'secret.update', entityType: 'secret', entityName: name, details: { changed } },
      );
      return toView(record, await usage.of(name));
    },

    async clearProd(name: string, actor: Actor) {
      const record = await store.secrets.update(name, { prod: null }, actor, {
        actor,
        action: 'secret.clear',
        entityType: 'secret',
        entityName: name,
        details: { mode: 'prod' satisfies Mode },
      });
      onChange(name);
      return toView(record, await usage.of(name));
    },

    async delete(name, options, actor) {
      await require(name);
      const usedBy = await usage.of(name);
      if (usedBy.length > 0 && !options.force) {
        throw new ZiggyError(
          'secret_in_use',
          `Secret "${name}" is used by ${usedBy.map((c) => `"${c}"`).join(', ')}; delete with force to remove it anyway.`,
          { name, usedBy },
        );
      }
      await store.secrets.delete(name, {
        actor,
        action: 'secret.delete',
        entityType: 'secret',
        entityName: name,
        details: { forced: options.force === true, usedBy },
      });
      onChange(name);
    },
  };
}
