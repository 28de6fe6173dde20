import { ZiggyError, isZiggyError, modes, parseMode, roleAllows, type Mode, type ModeRoles } from '../core/index.ts';
import type { FileEntry, WriteResult } from '../core/files/index.ts';
import type { Store } from '../store/types.ts';
import {
  assertAllowedEverywhere,
  assertAllowedIn,
  modesChangedBySources,
  savedBlockDefaultMode,
  sourceReadPermission,
} from './access.ts';
import type { Principal } from './auth-types.ts';
import { sourceFor } from './connection-view.ts';
import { normalizeProd } from './connections.ts';
import type { RunBlockInput, RunCodeInput, RunFilter, RunOperationInput, RunRecord, SaveBlockInput, BlockView } from './run-types.ts';
import type {
  ConnectionTestOutcome,
  FileDownload,
  FileListing,
  FileTarget,
  FileUpload,
  ConnectionView,
  CreateConnectionInput,
  RevisionView,
  SaveResult,
  SecretView,
  Services,
  SetSecretInput,
  SourceView,
  TestOptions,
  UpdateConnectionInput,
  UpdateSecretInput,
} from './types.ts';

/**
 * The services as one authenticated caller may use them: each use case checks the caller's
 * role in the mode it acts in (a call that names no mode acts in the server-wide default
 * mode), withholds the config sources the caller may not read, and records the caller as the
 * actor. The rules are in docs/api.md ("Roles per mode").
 */
export interface CallerServices {
  connections: {
    get(name: string): Promise<ConnectionView>;
    source(name: string, mode: Mode): Promise<SourceView>;
    history(name: string): Promise<RevisionView[]>;
    create(input: CreateConnectionInput): Promise<SaveResult>;
    update(name: string, input: UpdateConnectionInput): Promise<SaveResult>;
    delete(name: string): Promise<void>;
    restore(name: string, revision: number, version?: number): Promise<SaveResult>;
    test(name: string, options: TestOptions): Promise<ConnectionTestOutcome>;
    testDraft(draft: { type: string; source: string }, options: TestOptions): Promise<ConnectionTestOutcome>;
  };
  secrets: {
    set(input: SetSecretInput): Promise<SecretView>;
    update(name: string, input: UpdateSecretInput): Promise<SecretView>;
    clearProd(name: string): Promise<SecretView>;
    delete(name: string, options: { force?: boolean }): Promise<void>;
  };
  blocks: {
    save(input: SaveBlockInput): Promise<BlockView>;
    delete(name: string): Promise<void>;
  };
  runs: {
    runCode(input: RunCodeInput): Promise<RunRecord>;
    runBlock(name: string, input: RunBlockInput): Promise<RunRecord>;
    runOperation(input: RunOperationInput): Promise<RunRecord>;
    /** Only runs of the modes the caller may run in; asking for another mode is refused. */
    list(filter?: RunFilter): Promise<RunRecord[]>;
    get(id: string): Promise<RunRecord>;
  };
  /** Like the File Reader and File Writer operations, every file use takes `run` in its mode. */
  files: {
    list(target: FileTarget, signal?: AbortSignal): Promise<FileListing>;
    stat(target: FileTarget, signal?: AbortSignal): Promise<FileEntry>;
    download(target: FileTarget, signal?: AbortSignal): Promise<FileDownload>;
    upload(input: FileUpload, signal?: AbortSignal): Promise<WriteResult>;
    delete(target: FileTarget, signal?: AbortSignal): Promise<void>;
  };
}

export interface CallerServiceDeps {
  services: Services;
  store: Store;
  defaultMode(): Promise<Mode>;
}

// An update without a version is checked against the record it applies to; a writer in between means checking again.
const unversionedAttempts = 5;

function hiddenModes(roles: ModeRoles): Mode[] {
  return modes.filter((mode) => !roleAllows(roles[mode], sourceReadPermission[mode]));
}

function withholdSources<T extends { devSource: string; prodSource: string | null }>(fields: T, hidden: readonly Mode[]): T {
  return {
    ...fields,
    ...(hidden.includes('dev') ? { devSource: '' } : {}),
    ...(hidden.includes('prod') ? { prodSource: null } : {}),
  };
}

function viewFor(view: ConnectionView, roles: ModeRoles): ConnectionView {
  const hiddenSources = hiddenModes(roles);
  return { ...withholdSources(view, hiddenSources), hiddenSources };
}

export function createCallerServices(deps: CallerServiceDeps, principal: Principal): CallerServices {
  const { services, store } = deps;
  const { roles, actor } = principal;
  const modeOf = async (mode: Mode | undefined): Promise<Mode> => parseMode(String(mode ?? (await deps.defaultMode())));
  const allowIn = (permission: Parameters<typeof assertAllowedIn>[1], mode: Mode, what: string) =>
    assertAllowedIn(roles, permission, mode, what);
  const saved = (result: SaveResult): SaveResult => ({ ...result, connection: viewFor(result.connection, roles) });

  async function requireConnection(name: string) {
    const record = await store.connections.get(name);
    if (!record) throw new ZiggyError('connection_not_found', `Connection "${name}" does not exist.`, { name });
    return record;
  }

  /** Checks a change of a connection against the record it applies to, then applies it from that version. */
  async function updateConnection(name: string, input: UpdateConnectionInput): Promise<SaveResult> {
    for (let attempt = 1; ; attempt++) {
      const current = await requireConnection(name);
      const next = {
        devSource: input.devSource ?? current.devSource,
        prodSource: input.prodSource === undefined ? current.prodSource : normalizeProd(input.prodSource),
      };
      const touched = modesChangedBySources(current, next);
      if (touched.length === 0) allowIn('write', await modeOf(undefined), `Changing connection "${name}"`);
      for (const mode of touched) {
        const why = mode === 'prod' && current.prodSource === null && input.prodSource === undefined ? ' (prod uses its dev source)' : '';
        allowIn('write', mode, `Changing the ${mode} config of "${name}"${why}`);
      }
      try {
        return saved(await services.connections.update(name, { ...input, version: input.version ?? current.version }, actor));
      } catch (error) {
        const retry = input.version === undefined && attempt < unversionedAttempts;
        if (!(retry && isZiggyError(error) && error.id === 'version_conflict')) throw error;
      }
    }
  }

  return {
    connections: {
      async get(name) {
        return viewFor(await services.connections.get(name), roles);
      },

      async source(name, mode) {
        allowIn(sourceReadPermission[mode], mode, `Reading the ${mode} config source`);
        const record = await requireConnection(name);
        return { name: record.name, mode, source: sourceFor(record, mode), prodUsesDev: mode === 'prod' && record.prodSource === null };
      },

      async history(name) {
        const hiddenSources = hiddenModes(roles);
        const revisions = await services.connections.history(name);
        return revisions.map((revision) => ({ ...revision, snapshot: withholdSources(revision.snapshot, hiddenSources), hiddenSources }));
      },

      async create(input) {
        // A new connection has a config in both modes (prod uses dev when it has no source of its own).
        assertAllowedEverywhere(roles, 'write', 'Creating a connection');
        return saved(await services.connections.create(input, actor));
      },

      update: updateConnection,

      async delete(name) {
        assertAllowedEverywhere(roles, 'write', 'Deleting a connection');
        await services.connections.delete(name, actor);
      },

      async restore(name, revision, version) {
        assertAllowedEverywhere(roles, 'write', 'Restoring a revision');
        return saved(await services.connections.restore(name, revision, actor, version));
      },

      async test(name, options) {
        const mode = await modeOf(options.mode);
        allowIn('run', mode, `Testing in ${mode}`);
        return services.connections.test(name, { ...options, mode }, actor);
      },

      async testDraft(draft, options) {
        const mode = await modeOf(options.mode);
        // A draft may send a mode's secrets to any host: it takes the role that may change that mode's config.
        allowIn('write', mode, `Testing an unsaved config in ${mode}`);
        return services.connections.testDraft(draft, { ...options, mode }, actor);
      },
    },

    secrets: {
      async set(input) {
        allowIn('write', input.mode, `Setting the ${input.mode} value of a secret`);
        return services.secrets.set(input, actor);
      },

      async update(name, input) {
        allowIn('write', await modeOf(undefined), "Changing a secret's description or tags");
        return services.secrets.update(name, input, actor);
      },

      async clearProd(name) {
        allowIn('write', 'prod', 'Clearing the prod value of a secret');
        return services.secrets.clearProd(name, actor);
      },

      async delete(name, options) {
        assertAllowedEverywhere(roles, 'write', 'Deleting a secret');
        await services.secrets.delete(name, options, actor);
      },
    },

    blocks: {
      async save(input) {
        // A saved block is code that operators run in any mode, prod included.
        assertAllowedEverywhere(roles, 'write', 'Saving a block');
        return services.blocks.save(input, actor);
      },

      async delete(name) {
        assertAllowedEverywhere(roles, 'write', 'Deleting a block');
        await services.blocks.delete(name, actor);
      },
    },

    runs: {
      async runCode(input) {
        const mode = await modeOf(input.mode);
        // Code sent with a request can do anything the mode's connections and secrets allow: it takes write there.
        allowIn('write', mode, `Running code that is not a saved block in ${mode}`);
        return services.runs.runCode({ ...input, mode }, actor);
      },

      async runBlock(name, input) {
        const mode = parseMode(String(input.mode ?? savedBlockDefaultMode));
        allowIn('run', mode, `Running a saved block in ${mode}`);
        return services.runs.runBlock(name, { ...input, mode }, actor);
      },

      async runOperation(input) {
        const mode = await modeOf(input.mode);
        allowIn('run', mode, `Running an operation in ${mode}`);
        return services.runs.runOperation({ ...input, mode, allowLocalFiles: false }, actor);
      },

      async list(filter = {}) {
        if (filter.mode !== undefined) {
          const mode = parseMode(String(filter.mode));
          allowIn('run', mode, `Reading runs of ${mode}`);
          return services.runs.list({ ...filter, mode });
        }
        const allowed = modes.filter((mode) => roleAllows(roles[mode], 'run'));
        if (allowed.length === modes.length) return services.runs.list(filter);
        const [only] = allowed;
        if (only === undefined) return [];
        return services.runs.list({ ...filter, mode: only });
      },

      async get(id) {
        const run = await services.runs.get(id);
        allowIn('run', run.mode, `Reading a run of ${run.mode}`);
        return run;
      },
    },

    files: {
      async list(target, signal) {
        const mode = await modeOf(target.mode);
        allowIn('run', mode, `Listing files in ${mode}`);
        return services.files.list({ ...target, mode }, actor, signal);
      },

      async stat(target, signal) {
        const mode = await modeOf(target.mode);
        allowIn('run', mode, `Reading a file's details in ${mode}`);
        return services.files.stat({ ...target, mode }, actor, signal);
      },

      async download(target, signal) {
        const mode = await modeOf(target.mode);
        allowIn('run', mode, `Downloading a file in ${mode}`);
        return services.files.download({ ...target, mode }, actor, signal);
      },

      async upload(input, signal) {
        const mode = await modeOf(input.mode);
        allowIn('run', mode, `Uploading a file in ${mode}`);
        return services.files.upload({ ...input, mode }, actor, signal);
      },

      async delete(target, signal) {
        const mode = await modeOf(target.mode);
        allowIn('run', mode, `Deleting a file in ${mode}`);
        await services.files.delete({ ...target, mode }, actor, signal);
      },
    },
  };
}
