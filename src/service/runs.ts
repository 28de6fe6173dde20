import { createHash, randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { ZiggyError, parseMode, type AnyConnector, type Mode } from '../core/index.ts';
import { createRunnerPool, runStatuses, type BlockIsolation, type RunnerPool } from '../runtime/index.ts';
import type { ConnectorRegistry } from '../connectors/registry.ts';
import type { Redactor } from '../secrets/redactor.ts';
import type { Job, JobQueue } from '../queue/types.ts';
import type { Actor, Store } from '../store/types.ts';
import { savedBlockDefaultMode } from './access.ts';
import { connectionNamedInCode } from './connection-clients.ts';
import { checkOperation, executeOperation } from './operations-runner.ts';
import { laneAuthor } from './run-lanes.ts';
import type { ResolvedRunOptions } from './run-options.ts';
import { recordOf, type RunFacts } from './run-records.ts';
import { createRunRetention } from './run-retention.ts';
import { parseRunJob, pendingRecord, targetOf, type RunJob } from './run-jobs.ts';
import type { EndedRunRecord, RunFilter, RunRecord, RunService, RunStatus, RunTarget } from './run-types.ts';
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
  /** When set, runs are handed to workers through this queue instead of executed here. */
  queue?: JobQueue;
  /** The clock for startedAt and retention; tests move it. */
  now?: () => Date;
}

/** What a worker process does with the jobs it takes, beyond the public RunService. */
export interface RunExecution {
  /** Executes a job taken from the queue and records it; a job recorded already (given up meanwhile) is left as recorded. */
  executeJob(job: Job): Promise<void>;
  /** Records a job whose worker stopped during it as failed, once. */
  recordAbandoned(job: Job, worker: string): Promise<void>;
}

const statuses: readonly RunStatus[] = runStatuses;

/** Random, url-safe, hard to guess: the run's id and its executionId. */
/** Never starting with '-', which a command line would read as an option (`ziggy runs show -x…`). */
const newRunId = (): string => randomBytes(12).toString('base64url').replace(/^-/, '_');

const codeHash = (code: string): string => createHash('sha256').update(code).digest('hex');

// How long a run marked done may go without its record before that is reported as an error.
const recordGraceMs = 10_000;

// A waiting caller gets the run as it stands (queued or running) if it has not ended by then, beyond its time limit.
const queueWaitMarginMs = 30_000;

// Tries of a retry-safe block's run when workers stop during it: the first and two more.
const retrySafeAttempts = 3;

/**
 * Runs blocks in runner processes (a pool started on the first block run, so commands that
 * run nothing start no processes) and operations against cached clients, and records every
 * run. Runs are records in their own table, not audit entries. With a queue, a run is checked
 * here and executed by a worker (`ziggy worker`), and the caller waits for its record.
 */
export function createRunService(deps: RunServiceDeps): RunService & RunExecution {
  const { store, options } = deps;
  const now = deps.now ?? (() => new Date());
  const redact = <T>(value: T): T => deps.redactor.redactValue(value);
  const retention = createRunRetention(store.runs, options, now);
  /** Runs started here without waiting (`wait: false` with no queue), until recorded. */
  const inFlight = new Map<string, RunRecord>();
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

  async function recordRun(facts: RunFacts): Promise<EndedRunRecord> {
    const run = recordOf(facts, redact, options.maxRecordBytes);
    await store.runs.insert(run);
    await retention.afterRun();
    return run;
  }

  /** Executes a checked job here and records it; `attempt` > 1 when workers stopped during earlier tries. */
  async function execute(id: string, job: RunJob, attempt = 1): Promise<EndedRunRecord> {
    const startedAt = now().toISOString();
    const record = (facts: RunFacts): Promise<EndedRunRecord> => recordRun(attempt > 1 ? { ...facts, stats: { ...facts.stats, attempt } } : facts);
    const target = targetOf(job);
    if (job.kind === 'code') {
      if (deps.isolation.level === 'unavailable') {
        const message = `Block runs are refused on this worker: ${deps.isolation.summary}.`;
        return record({ id, target, mode: job.mode, startedBy: job.startedBy, startedAt, durationMs: 0, status: 'error', outputs: [], console: [], error: { message } });
      }
      const request = { code: job.code, inputs: job.inputs, mode: job.mode, author: laneAuthor(job.author), executionId: id };
      // Code that does not parse comes back as a failed run with the position in its message.
      const result = await runnerPool().run(job.timeoutMs === undefined ? request : { ...request, timeoutMs: job.timeoutMs });
      return record({ id, target, mode: job.mode, startedBy: job.startedBy, startedAt, ...result });
    }
    const began = performance.now();
    let outcome: Awaited<ReturnType<typeof executeOperation>>;
    try {
      const checked = checkOperation({ ...job, allowLocalFiles: job.allowLocalFiles === true }, await store.connections.get(job.connection), deps.findConnector);
      outcome = await executeOperation(checked, {
        cache: deps.clients.cache(),
        mode: job.mode,
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxRecordBytes,
        redact,
      });
    } catch (error) {
      // Checked when it was accepted; what changed since (a deleted connection) fails the run, not the worker.
      const message = error instanceof Error ? error.message : String(error);
      outcome = { status: 'error', error: { message }, console: [], durationMs: performance.now() - began };
    }
    return record({ id, target, mode: job.mode, startedBy: job.startedBy, startedAt, outputs: [], ...outcome });
  }

  /** Executes here, or hands to the queue (tried up to `maxAttempts` times when workers stop); waits for the record unless told not to. */
  async function dispatch(job: RunJob, wait: boolean, local: boolean, maxAttempts = 1): Promise<RunRecord> {
    const id = newRunId();
    const queue = local ? undefined : deps.queue;
    if (queue === undefined) {
      if (wait) return execute(id, job);
      inFlight.set(id, pendingRecord(id, job, 'running', now().toISOString()));
      void execute(id, job)
        .catch(() => undefined)
        .finally(() => inFlight.delete(id));
      return pendingRecord(id, job, 'running', now().toISOString());
    }
    const submittedAt = now().toISOString();
    await queue.submit(id, job, { maxAttempts });
    if (!wait) return pendingRecord(id, job, 'queued', submittedAt);
    const limit = (job.kind === 'code' ? (job.timeoutMs ?? options.timeoutMs) : options.timeoutMs) + queueWaitMarginMs;
    try {
      await queue.waitFor(id, AbortSignal.timeout(limit));
    } catch {
      // Not ended in time (no worker running?): the caller gets it as it stands and can poll GET /api/runs/:id.
      return get(id);
    }
    // Done may be seen an instant before the record of a stopped worker's run is written.
    const deadline = Date.now() + recordGraceMs;
    while (Date.now() < deadline) {
      const recorded = await store.runs.get(id);
      if (recorded !== undefined) return recorded;
      await setTimeout(50);
    }
    return get(id);
  }

  async function get(id: string): Promise<RunRecord> {
    const run = (await store.runs.get(id)) ?? inFlight.get(id);
    if (run !== undefined) return run;
    const status = await deps.queue?.status(id);
    if (status !== undefined && status.state !== 'done') {
      return pendingRecord(id, parseRunJob(status.payload), status.state, status.startedAt ?? status.submittedAt);
    }
    // A stopped worker's run is marked done an instant before its failure is recorded: still ending, not lost.
    if (status !== undefined && Date.now() - Date.parse(status.finishedAt ?? status.submittedAt) < recordGraceMs) {
      return pendingRecord(id, parseRunJob(status.payload), 'running', status.startedAt ?? status.submittedAt);
    }
    if (status !== undefined) {
      throw new ZiggyError('internal', `Run "${id}" ended without a record: the process that ended it failed to record it.`, { id });
    }
    throw new ZiggyError('run_not_found', `Run "${id}" does not exist.`, { id });
  }

  function codeJob(target: RunTarget, code: string, input: { inputs?: unknown[] | undefined; timeoutMs?: number | undefined }, mode: Mode, actor: Actor, author: Actor): RunJob {
    if (deps.isolation.level === 'unavailable' && deps.queue === undefined) {
      throw new ZiggyError('sandbox_unavailable', `Block runs are refused: ${deps.isolation.summary}.`);
    }
    const timeoutMs = runTimeout(input.timeoutMs);
    if (input.inputs !== undefined && !Array.isArray(input.inputs)) {
      throw new ZiggyError('bad_input', 'inputs must be an array: the block\'s arguments, in order.', { field: 'inputs' });
    }
    const job: RunJob = { kind: 'code', target, code, inputs: input.inputs ?? [], mode, startedBy: actor, author };
    return timeoutMs === undefined ? job : { ...job, timeoutMs };
  }

  async function alreadyRecorded(id: string): Promise<boolean> {
    return (await store.runs.get(id)) !== undefined;
  }

  return {
    async runCode(input, actor) {
      assertOpen();
      if (typeof input.code !== 'string') throw new ZiggyError('bad_input', 'code must be the text of a block.', { field: 'code' });
      const mode = parseMode(String(input.mode ?? (await deps.defaultMode())));
      return dispatch(codeJob({ kind: 'code', codeHash: codeHash(input.code) }, input.code, input, mode, actor, actor), input.wait ?? true, false);
    },

    async runBlock(name, input, actor) {
      assertOpen();
      const block = await store.blocks.get(name);
      if (block === undefined) throw new ZiggyError('block_not_found', `Block "${name}" does not exist.`, { name });
      const target: RunTarget = { kind: 'block', name: block.name, version: block.version, codeHash: codeHash(block.code) };
      // The version's code is its saver's: the run shares a lane with that author's code, not the caller's.
      const mode = parseMode(String(input.mode ?? savedBlockDefaultMode));
      const maxAttempts = block.retrySafe ? retrySafeAttempts : 1;
      return dispatch(codeJob(target, block.code, input, mode, actor, block.updatedBy), input.wait ?? true, false, maxAttempts);
    },

    async runOperation(input, actor) {
      assertOpen();
      const mode = parseMode(String(input.mode ?? (await deps.defaultMode())));
      const checked = checkOperation(input, await store.connections.get(input.connection), deps.findConnector);
      const local = input.allowLocalFiles === true;
      const job: RunJob = { kind: 'operation', connection: checked.connection, operation: checked.name, params: input.params ?? {}, mode, startedBy: actor, allowLocalFiles: local };
      // Files named on the caller's machine exist only here: such a run is never handed to a worker.
      return dispatch(job, input.wait ?? true, local);
    },

    async executeJob(job) {
      assertOpen();
      if (await alreadyRecorded(job.id)) return;
      await execute(job.id, parseRunJob(job.payload), job.attempt);
    },

    async recordAbandoned(job, worker) {
      if (await alreadyRecorded(job.id)) return;
      const parsed = parseRunJob(job.payload);
      const stopped = `The worker stopped before the run ended (${worker}).`;
      const message =
        job.maxAttempts > 1
          ? `${stopped} That was attempt ${job.attempt} of ${job.maxAttempts}: it is not run again.`
          : `${stopped} It was not run again: a half-done write must not be repeated silently. A block declared retry-safe would be.`;
      await recordRun({
        id: job.id,
        target: targetOf(parsed),
        mode: parsed.mode,
        startedBy: parsed.startedBy,
        startedAt: job.submittedAt,
        durationMs: Date.now() - Date.parse(job.submittedAt),
        status: 'error',
        outputs: [],
        console: [],
        ...(job.attempt > 1 ? { stats: { attempt: job.attempt } } : {}),
        error: { message },
      });
    },

    async list(filter: RunFilter = {}) {
      if (filter.status !== undefined && !statuses.includes(filter.status)) {
        throw new ZiggyError('bad_input', `Unknown run status "${filter.status}": use ${statuses.join(', ')}.`, { field: 'status' });
      }
      const mode = filter.mode === undefined ? undefined : parseMode(String(filter.mode));
      return store.runs.list({ ...filter, ...(mode === undefined ? {} : { mode }) });
    },

    get,

    async close() {
      closed = true;
      await pool?.close();
    },
  };
}
