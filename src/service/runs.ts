import { createHash, randomBytes } from 'node:crypto';
import { ZiggyError, parseMode, type AnyConnector, type Mode } from '../core/index.ts';
import { createRunnerPool, runStatuses, type BlockIsolation, type RunnerPool } from '../runtime/index.ts';
import type { ConnectorRegistry } from '../connectors/registry.ts';
import type { Redactor } from '../secrets/redactor.ts';
import type { Actor, Store } from '../store/types.ts';
import { savedBlockDefaultMode } from './access.ts';
import { connectionNamedInCode } from './connection-clients.ts';
import { checkOperation, executeOperation } from './operations-runner.ts';
import { laneAuthor } from './run-lanes.ts';
import type { ResolvedRunOptions } from './run-options.ts';
import { recordOf, type RunFacts } from './run-records.ts';
import { createRunRetention } from './run-retention.ts';
import type { RunFilter, RunRecord, RunService, RunStatus, RunTarget } from './run-types.ts';
import type { ResolvedConnection } from './resolution.ts';
import type { SecretValues } from './secret-values.ts';
import type { ServerClients } from './server-clients.ts';

export interface RunServiceDeps {
  store: Store;
  redactor: Redactor;
  secretValues: SecretValues;
  /** A saved connection's validated config for a mode (connection_not_found, config_invalid, secret_missing…). */
  resolveConnection(name: string, mode: Mode): Promise<ResolvedConnection>;
  findConnector(id: string): AnyConnector;
  /** Where plugin types live: runners read the plugins directory and import a plugin type from its entry file. */
  plugins?: Pick<ConnectorRegistry, 'entryOf' | 'pluginsDir'>;
  /** The clients operations run on, shared with the other services and closed by their owner. */
  clients: ServerClients;
  /** Where blocks' sysLog lines go. */
  logsDir: string;
  options: ResolvedRunOptions;
  /** What contains block code here; `unavailable` refuses block runs. */
  isolation: BlockIsolation;
  /** The server-wide default mode, for runs of code and operations that name none. */
  defaultMode(): Promise<Mode>;
  /** The clock for startedAt and retention; tests move it. */
  now?: () => Date;
}

const statuses: readonly RunStatus[] = runStatuses;

/** Random, url-safe, hard to guess: the run's id and its executionId. */
/** Never starting with '-', which a command line would read as an option (`ziggy runs show -x…`). */
const newRunId = (): string => randomBytes(12).toString('base64url').replace(/^-/, '_');

const codeHash = (code: string): string => createHash('sha256').update(code).digest('hex');

/**
 * Runs blocks in runner processes (a pool started on the first block run, so commands that
 * run nothing start no processes) and operations in this process against cached clients,
 * and records every run. Runs are records in their own table, not audit entries.
 */
export function createRunService(deps: RunServiceDeps): RunService {
  const { store, options } = deps;
  const now = deps.now ?? (() => new Date());
  const redact = <T>(value: T): T => deps.redactor.redactValue(value);
  const retention = createRunRetention(store.runs, options, now);
  let pool: RunnerPool | undefined;
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new ZiggyError('internal', 'Runs are not available: the services were closed.');
  }

  function runnerPool(): RunnerPool {
    pool ??= createRunnerPool({
      size: options.runners,
      spares: options.runnerSpares,
      maxLanes: options.runnerLanes,
      laneIdleMs: options.laneIdleMs,
      isolation: options.isolation,
      timeoutMs: options.timeoutMs,
      memoryMb: options.memoryMb,
      logsDir: deps.logsDir,
      ...(deps.plugins?.pluginsDir === undefined ? {} : { pluginsDir: deps.plugins.pluginsDir }),
      resolveConnection: async (name, mode) => {
        const saved = await connectionNamedInCode(deps.store.connections, name);
        const { connector, config } = await deps.resolveConnection(saved, mode);
        const entry = deps.plugins?.entryOf(connector.id);
        return { name: saved, type: connector.id, config, secretFields: connector.secretFields, ...(entry === undefined ? {} : { entry }) };
      },
      secretValue: (name, mode) => deps.secretValues.value(name, mode),
      redactor: deps.redactor,
    });
    return pool;
  }

  function runTimeout(timeoutMs: number | undefined): number | undefined {
    if (timeoutMs === undefined) return undefined;
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > options.timeoutMs) {
      throw new ZiggyError(
        'bad_input',
        `timeoutMs must be a whole number of milliseconds from 1 to ${options.timeoutMs}, the server's limit (ZIGGY_RUN_TIMEOUT_MS); got ${timeoutMs}.`,
        { field: 'timeoutMs' },
      );
    }
    return timeoutMs;
  }

  async function record(facts: RunFacts): Promise<RunRecord> {
    const run = recordOf(facts, redact, options.maxRecordBytes);
    await store.runs.insert(run);
    await retention.afterRun();
    return run;
  }

  async function runBlockCode(
    target: RunTarget,
    code: string,
    input: { inputs?: unknown[] | undefined; timeoutMs?: number | undefined },
    mode: Mode,
    actor: Actor,
    author: Actor,
  ): Promise<RunRecord> {
    assertOpen();
    if (deps.isolation.level === 'unavailable') throw new ZiggyError('sandbox_unavailable', `Block runs are refused: ${deps.isolation.summary}.`);
    const timeoutMs = runTimeout(input.timeoutMs);
    if (input.inputs !== undefined && !Array.isArray(input.inputs)) {
      throw new ZiggyError('bad_input', 'inputs must be an array: the block\'s arguments, in order.', { field: 'inputs' });
    }
    const id = newRunId();
    const startedAt = now().toISOString();
    const request = { code, inputs: input.inputs ?? [], mode, author: laneAuthor(author), executionId: id };
    // Code that does not parse comes back as a failed run with the position in its message.
    const result = await runnerPool().run(timeoutMs === undefined ? request : { ...request, timeoutMs });
    return record({ id, target, mode, startedBy: actor, startedAt, ...result });
  }

  return {
    async runCode(input, actor) {
      if (typeof input.code !== 'string') throw new ZiggyError('bad_input', 'code must be the text of a block.', { field: 'code' });
      const mode = parseMode(String(input.mode ?? (await deps.defaultMode())));
      return runBlockCode({ kind: 'code', codeHash: codeHash(input.code) }, input.code, input, mode, actor, actor);
    },

    async runBlock(name, input, actor) {
      const block = await store.blocks.get(name);
      if (block === undefined) throw new ZiggyError('block_not_found', `Block "${name}" does not exist.`, { name });
      const target: RunTarget = { kind: 'block', name: block.name, version: block.version, codeHash: codeHash(block.code) };
      // The version's code is its saver's: the run shares a lane with that author's code, not the caller's.
      return runBlockCode(target, block.code, input, parseMode(String(input.mode ?? savedBlockDefaultMode)), actor, block.updatedBy);
    },

    async runOperation(input, actor) {
      assertOpen();
      const mode = parseMode(String(input.mode ?? (await deps.defaultMode())));
      const checked = checkOperation(input, await store.connections.get(input.connection), deps.findConnector);
      const id = newRunId();
      const startedAt = now().toISOString();
      const outcome = await executeOperation(checked, {
        cache: deps.clients.cache(),
        mode,
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxRecordBytes,
        redact,
      });
      const target: RunTarget = { kind: 'operation', connection: checked.connection, operation: checked.name };
      return record({ id, target, mode, startedBy: actor, startedAt, outputs: [], ...outcome });
    },

    async list(filter: RunFilter = {}) {
      if (filter.status !== undefined && !statuses.includes(filter.status)) {
        throw new ZiggyError('bad_input', `Unknown run status "${filter.status}": use ${statuses.join(', ')}.`, { field: 'status' });
      }
      const mode = filter.mode === undefined ? undefined : parseMode(String(filter.mode));
      return store.runs.list({ ...filter, ...(mode === undefined ? {} : { mode }) });
    },

    async get(id) {
      const run = await store.runs.get(id);
      if (run === undefined) throw new ZiggyError('run_not_found', `Run "${id}" does not exist.`, { id });
      return run;
    },

    async close() {
      closed = true;
      await pool?.close();
    },
  };
}
