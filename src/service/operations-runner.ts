/**
 * Connection blocks (operations) run in this process against a cached client: checked
 * before they start (unknown names and bad parameters are the caller's error), and every
 * outcome after that is a run to record, with streamed results counted in bounded memory.
 */
import { ZiggyError, type AnyConnector, type Mode, type Operation } from '../core/index.ts';
import type { ClientCache } from '../runtime/index.ts';
import type { ConnectionRecord } from '../store/types.ts';
import { jsonBytes, toJsonData, type RunFacts } from './run-records.ts';
import type { ConsoleLine, RunOperationInput, RunStatus } from './run-types.ts';

/** Like a block's console: at most this many lines of at most this many characters. */
const maxLogLines = 1000;
const maxLogLength = 10_000;

export interface CheckedOperation {
  connection: string;
  name: string;
  operation: Operation<unknown>;
  params: unknown;
}

/** Finds the connection's operation and validates the parameters; throws what the caller got wrong. */
export function checkOperation(input: RunOperationInput, record: ConnectionRecord | undefined, findConnector: (id: string) => AnyConnector): CheckedOperation {
  if (record === undefined) {
    throw new ZiggyError('connection_not_found', `Connection "${input.connection}" does not exist.`, { name: input.connection });
  }
  const connector = findConnector(record.type);
  const operation = Object.hasOwn(connector.operations, input.operation) ? connector.operations[input.operation] : undefined;
  if (operation === undefined) {
    const known = Object.keys(connector.operations);
    throw new ZiggyError(
      'operation_unknown',
      `Connection "${record.name}" (type ${connector.id}) has no operation "${input.operation}"; its operations are ${known.join(', ')}.`,
      { connection: record.name, type: connector.id, operation: input.operation, known },
    );
  }
  const where = `${record.name}/${input.operation}`;
  const localParams = (operation.localFileParams ?? []).filter(
    (param) => typeof input.params === 'object' && input.params !== null && (input.params as Record<string, unknown>)[param] !== undefined,
  );
  if (localParams.length > 0 && input.allowLocalFiles !== true) {
    throw new ZiggyError(
      'forbidden',
      `${where}: ${localParams.join(', ')} names a file on the machine running the operation, which only the local CLI and programs may do; leave it out here.`,
      { connection: record.name, operation: input.operation, params: localParams },
    );
  }
  const parsed = operation.input.safeParse(input.params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      // An unknown parameter is reported at its own name, not at the object holding it.
      const path = [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])];
      return { path: path.filter((key) => typeof key !== 'symbol').join('.') || '(root)', message: issue.message };
    });
    const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ZiggyError('bad_input', `Parameters of ${where} are not valid: ${listed}`, { connection: record.name, operation: input.operation, issues });
  }
  return { connection: record.name, name: input.operation, operation, params: parsed.data };
}

type Outcome = Pick<RunFacts, 'status' | 'result' | 'error' | 'stats' | 'truncated'>;

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}

function rowsIn(output: unknown): number {
  const rows: unknown = typeof output === 'object' && output !== null ? Reflect.get(output, 'rows') : undefined;
  return Array.isArray(rows) ? rows.length : 1;
}

/**
 * Reads a streamed result to its end: every row is counted, rows are kept (as JSON data,
 * redacted) only until `maxBytes` are spent, so memory stays bounded for any size.
 */
async function consumeBatches(batches: AsyncIterable<unknown>, maxBytes: number, redact: <T>(value: T) => T): Promise<Outcome> {
  const kept: unknown[] = [];
  let bytes = 2;
  let rows = 0;
  let count = 0;
  let full = false;
  for await (const batch of batches) {
    count++;
    // A batch is an array of rows (the SQL Block), or one output carrying its rows (the File Reader's { file, batch, rows }).
    const items = Array.isArray(batch) ? batch : [batch];
    for (const row of items) {
      rows += items === batch ? 1 : rowsIn(row);
      if (full) continue;
      const data = redact(toJsonData(row));
      const size = jsonBytes(data) + 1;
      if (bytes + size > maxBytes) full = true;
      else {
        kept.push(data);
        bytes += size;
      }
    }
  }
  return { status: 'ok', result: kept, stats: { rows, batches: count }, truncated: full };
}

/** Rejects when the signal aborts, so a run ends at its deadline even if an operation ignores the signal. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export interface OperationExecution {
  cache: ClientCache;
  mode: Mode;
  timeoutMs: number;
  maxBytes: number;
  redact: <T>(value: T) => T;
}

/** Runs a checked operation; never throws: failures and timeouts are outcomes to record. */
export async function executeOperation(
  checked: CheckedOperation,
  execution: OperationExecution,
): Promise<Outcome & { console: ConsoleLine[]; durationMs: number }> {
  const consoleLines: ConsoleLine[] = [];
  const log = (message: string): void => {
    if (consoleLines.length < maxLogLines) consoleLines.push({ level: 'log', text: String(message).slice(0, maxLogLength), at: new Date().toISOString() });
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), execution.timeoutMs);
  const started = performance.now();
  let outcome: Outcome;
  try {
    const work = execution.cache.use(checked.connection, execution.mode, async (client) => {
      // A client that took until the deadline to open must not start the side effect (a delete, say).
      controller.signal.throwIfAborted();
      const value = await checked.operation.run(client, checked.params, { signal: controller.signal, log });
      // Consumed inside the lease: a stream reads through the client until its last batch.
      if (isAsyncIterable(value)) return consumeBatches(value, execution.maxBytes, execution.redact);
      return { status: 'ok' as RunStatus, result: value };
    });
    // The race below may leave `work` to settle later; its failure then has nobody to tell.
    work.catch(() => undefined);
    outcome = await Promise.race([work, untilAborted(controller.signal)]);
  } catch (error) {
    outcome = controller.signal.aborted
      ? { status: 'timeout', error: { message: `The operation ran longer than ${execution.timeoutMs / 1000} s and was stopped.` } }
      : { status: 'error', error: { message: error instanceof Error ? error.message : String(error) } };
  } finally {
    clearTimeout(timer);
  }
  return { ...outcome, console: consoleLines, durationMs: performance.now() - started };
}
