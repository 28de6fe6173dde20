import type { OperationContext } from '../../../core/index.ts';
import type { UpsalesRecord } from '../client.ts';
import { operationError, stopsTheBatch } from './entity.ts';

export interface WriteOutput {
  /** The records as Upsales stored them, with the index of the input record each came from. */
  written: Array<{ index: number; id: unknown; record: UpsalesRecord }>;
  /** The records Upsales refused, with why; the others were still written. */
  failed: Array<{ index: number; status: number | undefined; error: string }>;
}

/**
 * Writes records one request each (Upsales has no batch write for these entities), keeping the
 * refusals of single records in the result. A refusal of the key or the service stops the batch:
 * no later record could succeed either.
 */
export async function writeEach<T>(
  action: string,
  records: readonly T[],
  write: (record: T) => Promise<UpsalesRecord>,
  context: OperationContext,
): Promise<WriteOutput> {
  const output: WriteOutput = { written: [], failed: [] };
  for (const [index, record] of records.entries()) {
    context.signal.throwIfAborted();
    try {
      const stored = await write(record);
      output.written.push({ index, id: stored.id, record: stored });
    } catch (error) {
      if (stopsTheBatch(error)) throw operationError(error, action);
      const refused = error as Error & { status?: number };
      output.failed.push({ index, status: refused.status, error: refused.message });
    }
    const done = index + 1;
    if (records.length > 1 && (done % 100 === 0 || done === records.length)) context.log(`${action}: ${done} of ${records.length} records`);
  }
  return output;
}
