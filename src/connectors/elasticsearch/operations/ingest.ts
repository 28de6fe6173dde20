import { setTimeout as sleep } from 'node:timers/promises';
import { errors, type Client } from '@elastic/elasticsearch';
import { z } from 'zod';
import type { Operation, OperationContext } from '../../../core/index.ts';

const ingestInput = z.strictObject({
  index: z.string().min(1).describe('The index (or data stream, or alias with a write index) to write to.'),
  documents: z.array(z.record(z.string(), z.unknown())).describe('The documents, one object each.'),
  idField: z
    .string()
    .min(1)
    .optional()
    .describe("A document field whose value becomes the document's _id, so a second run updates instead of duplicating. Default: ids chosen by Elasticsearch."),
  action: z
    .enum(['index', 'create'])
    .default('index')
    .describe("'index' writes a document whether its id exists or not; 'create' refuses an id that exists (that document fails with 409; data streams need 'create')."),
  batchSize: z.number().int().min(1).max(10_000).default(1000).describe('Documents per _bulk request.'),
  refresh: z
    .union([z.boolean(), z.literal('wait_for')])
    .default(false)
    .describe("true or 'wait_for' makes the documents searchable before the block ends; default false (searchable within the refresh interval)."),
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe('How often a batch (or its documents) refused with 429, the cluster being busy, is sent again, after Retry-After or a growing pause.'),
});

type IngestParams = z.output<typeof ingestInput>;

export interface DocumentError {
  /** Position of the document in `documents`, from 0. */
  position: number;
  id?: string;
  status: number;
  type: string;
  reason: string;
}

export interface IngestResult {
  indexed: number;
  failed: number;
  errors: DocumentError[];
  batches: number;
  /** Requests sent again after a 429. */
  retries: number;
}

interface BulkItem {
  status: number;
  _id?: string | null;
  error?: { type?: string; reason?: string | null };
}

/** Pause before retry `attempt` (from 1): the server's Retry-After when it gives one, else 0.5 s, 1 s, 2 s… capped at 30 s. */
function pauseMs(attempt: number, retryAfter: string | undefined): number {
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60) * 1000;
  return Math.min(500 * 2 ** (attempt - 1), 30_000);
}

function retryAfterOf(error: errors.ResponseError): string | undefined {
  const value = error.headers?.['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Sends one batch with `_bulk`: documents refused with 429 are sent again (alone) up to
 * maxRetries times, and so is the whole request when the cluster refuses it with 429. Every other
 * per-document failure lands in `errors`; a failure of the request itself (401, 403, 400) throws.
 */
async function sendBatch(
  client: Client,
  params: IngestParams,
  batch: Array<{ position: number; document: Record<string, unknown> }>,
  refresh: IngestParams['refresh'],
  result: IngestResult,
  signal: AbortSignal,
): Promise<void> {
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const operations = pending.flatMap(({ document }) => {
      const id = params.idField === undefined ? undefined : document[params.idField];
      const meta = id === undefined || id === null ? {} : { _id: String(id) };
      return [{ [params.action]: meta }, document];
    });
    let items: BulkItem[];
    try {
      const response = await client.bulk({ index: params.index, operations, refresh }, { signal });
      items = response.items.map((item) => Object.values(item)[0] as BulkItem);
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 429 && attempt < params.maxRetries) {
        result.retries += 1;
        await sleep(pauseMs(attempt + 1, retryAfterOf(error)), undefined, { signal });
        continue;
      }
      if (error instanceof errors.ResponseError && error.statusCode === 429) {
        items = pending.map(() => ({ status: 429, error: { type: 'es_rejected_execution_exception', reason: 'the cluster refused the batch with 429 after every retry' } }));
      } else {
        throw error;
      }
    }
    const busy: typeof pending = [];
    items.forEach((item, at) => {
      const entry = pending[at];
      if (entry === undefined) return;
      if (item.error === undefined) {
        result.indexed += 1;
      } else if (item.status === 429 && attempt < params.maxRetries) {
        busy.push(entry);
      } else {
        result.failed += 1;
        const failure: DocumentError = { position: entry.position, status: item.status, type: item.error.type ?? 'unknown', reason: item.error.reason ?? '' };
        if (typeof item._id === 'string') failure.id = item._id;
        result.errors.push(failure);
      }
    });
    pending = busy;
    if (busy.length > 0) {
      result.retries += 1;
      await sleep(pauseMs(attempt + 1, undefined), undefined, { signal });
    }
  }
}

/** The Elastic Ingest block: bulk indexing in batches, each document's failure in the result. */
export const ingestOperation: Operation<Client, typeof ingestInput, IngestResult> = {
  label: 'Elastic Ingest',
  description:
    "Indexes documents with _bulk in batches of batchSize and returns { indexed, failed, errors, batches, retries }: a document the cluster refuses is listed in errors with its position, status and reason, and the rest are still written; 429s are retried.",
  input: ingestInput,
  async run(client, params, context: OperationContext): Promise<IngestResult> {
    const result: IngestResult = { indexed: 0, failed: 0, errors: [], batches: 0, retries: 0 };
    for (let start = 0; start < params.documents.length; start += params.batchSize) {
      const batch = params.documents.slice(start, start + params.batchSize).map((document, at) => ({ position: start + at, document }));
      // One refresh, with the last batch, makes every batch searchable at once.
      const last = start + params.batchSize >= params.documents.length;
      await sendBatch(client, params, batch, last ? params.refresh : false, result, context.signal);
      result.batches += 1;
      context.log(`Elastic Ingest: ${start + batch.length} of ${params.documents.length} documents sent to ${params.index} (${result.failed} failed).`);
    }
    return result;
  },
};
