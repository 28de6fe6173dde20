import { ZiggyError, isZiggyError } from '../core/index.ts';
import { codeReferences } from '../runtime/index.ts';
import type { Actor, BlockRecord, Store } from '../store/types.ts';
import type { BlockService, BlockView, SaveBlockInput } from './run-types.ts';

// Blocks are named like connections, so a name works the same in URLs and commands.
const blockNamePattern = /^[A-Za-z][A-Za-z0-9_-]*$/;
const maxNameLength = 100;

// A save without a version replaces whatever is current; it retries when another writer got in between.
const unversionedSaveAttempts = 5;

function assertBlockName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > maxNameLength || !blockNamePattern.test(name)) {
    throw new ZiggyError(
      'name_invalid',
      `Block name "${String(name)}" is not allowed: use letters, digits, "_" and "-", start with a letter, at most ${maxNameLength} characters.`,
      { field: 'name' },
    );
  }
}

/** Refuses code that would not run as a block, with the line and column of the problem. */
function assertBlockCode(name: string, code: unknown): asserts code is string {
  if (typeof code !== 'string') throw new ZiggyError('bad_input', `Block "${name}": code must be text.`, { field: 'code' });
  try {
    codeReferences(code);
  } catch (error) {
    if (!isZiggyError(error)) throw error;
    throw new ZiggyError('bad_input', `Block "${name}": ${error.message}`, { ...error.details, field: 'code' });
  }
}

function toView(record: BlockRecord): BlockView {
  return {
    name: record.name,
    description: record.description,
    code: record.code,
    retrySafe: record.retrySafe,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
}

function notFound(name: string): ZiggyError {
  return new ZiggyError('block_not_found', `Block "${name}" does not exist.`, { name });
}

function isConflict(error: unknown, id: 'version_conflict' | 'name_taken'): boolean {
  return isZiggyError(error) && error.id === id;
}

export function createBlockService(store: Store): BlockService {
  async function saveOnce(input: SaveBlockInput, actor: Actor): Promise<BlockRecord> {
    const current = await store.blocks.get(input.name);
    // Left out, the description and the retry-safe declaration stay as saved.
    const retrySafe = input.retrySafe ?? current?.retrySafe ?? false;
    const fields = { name: input.name, description: input.description?.trim() ?? current?.description ?? '', code: input.code, retrySafe, by: actor };
    const declared = retrySafe !== (current?.retrySafe ?? false) ? { retrySafe } : {};
    if (current === undefined) {
      // A version means the caller saw the block: it was deleted since.
      if (input.version !== undefined) throw notFound(input.name);
      return store.blocks.create(fields, { actor, action: 'block.create', entityType: 'block', entityName: input.name, details: { version: 1, ...declared } });
    }
    // The store's compare-and-set refuses a stale version with `version_conflict`.
    const expectedVersion = input.version ?? current.version;
    return store.blocks.update(
      { ...fields, expectedVersion },
      { actor, action: 'block.update', entityType: 'block', entityName: input.name, details: { version: expectedVersion + 1, ...declared } },
    );
  }

  return {
    async list() {
      return (await store.blocks.list()).map(toView);
    },

    async get(name) {
      const record = await store.blocks.get(name);
      if (record === undefined) throw notFound(name);
      return toView(record);
    },

    async save(input, actor) {
      assertBlockName(input.name);
      assertBlockCode(input.name, input.code);
      if (input.retrySafe !== undefined && typeof input.retrySafe !== 'boolean') {
        throw new ZiggyError('bad_input', `Block "${input.name}": retrySafe must be true or false.`, { field: 'retrySafe' });
      }
      for (let attempt = 1; ; attempt++) {
        try {
          return toView(await saveOnce(input, actor));
        } catch (error) {
          const raced = isConflict(error, 'version_conflict') || isConflict(error, 'name_taken');
          if (!(raced && input.version === undefined && attempt < unversionedSaveAttempts)) throw error;
        }
      }
    },

    async delete(name, actor) {
      await store.blocks.delete(name, { actor, action: 'block.delete', entityType: 'block', entityName: name, details: {} });
    },
  };
}
