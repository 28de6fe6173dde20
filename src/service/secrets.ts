import { ZiggyError, assertSecretName, type Mode } from '../core/index.ts';
import { encryptSecret } from '../secrets/crypto.ts';
import type { Actor, SecretRecord, Store } from '../store/types.ts';
import type { SecretService, SecretView, SetSecretInput } from './types.ts';
import type { SecretUsage } from './secret-usage.ts';

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
      const record = await store.secrets.put(
        {
          name: input.name,
          description: input.description ?? existing?.description ?? '',
          tags: input.tags ?? existing?.tags ?? [],
          dev: input.mode === 'dev' ? encrypted : (existing?.dev ?? ''),
          prod: input.mode === 'prod' ? encrypted : (existing?.prod ?? null),
          by: actor,
        },
        {
          actor,
          action: 'secret.set',
          entityType: 'secret',
          entityName: input.name,
          details: { mode: input.mode, created: !existing },
        },
      );
      onChange(input.name);
      return toView(record, await usage.of(input.name));
    },

    async clearProd(name: string, actor: Actor) {
      const existing = await require(name);
      const record = await store.secrets.put(
        { ...existing, prod: null, by: actor },
        { actor, action: 'secret.clear', entityType: 'secret', entityName: name, details: { mode: 'prod' satisfies Mode } },
      );
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
