import type { AnyConnector, Mode, OperationContext } from '../core/index.ts';
import type { ClientCache } from '../runtime/index.ts';
import type { Store } from '../store/types.ts';
import { checkOperation, isAsyncIterable } from './operations-runner.ts';

export interface ProgramOperationOptions {
  signal?: AbortSignal;
  /** Where the operation's log lines go; default: nowhere. */
  log?: (line: string) => void;
}

/**
 * Runs a connection's operation in a program's own process, on its cached client, and hands back
 * the result as it is: a streamed result (the SQL Block's or the File Reader's batches) stays a
 * stream, read batch by batch. The client is held while the stream is read, and let go when it
 * ends or the reader stops early.
 */
export async function runProgramOperation(
  deps: { cache: ClientCache; store: Store; findConnector: (id: string) => AnyConnector },
  input: { connection: string; operation: string; params: unknown; mode: Mode },
  options: ProgramOperationOptions = {},
): Promise<unknown> {
  // A program runs on its own machine, so local file parameters are its own files.
  const checked = checkOperation({ ...input, allowLocalFiles: true }, await deps.store.connections.get(input.connection), deps.findConnector);
  const context: OperationContext = { signal: options.signal ?? new AbortController().signal, log: options.log ?? (() => undefined) };
  return new Promise((resolve, reject) => {
    deps.cache
      .use(checked.connection, input.mode, async (client) => {
        const value = await checked.operation.run(client, checked.params, context);
        if (!isAsyncIterable(value)) {
          resolve(value);
          return;
        }
        await new Promise<void>((released) => resolve(heldWhileRead(value, released)));
      })
      .catch(reject);
  });
}

async function* heldWhileRead<T>(batches: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* batches;
  } finally {
    release();
  }
}
