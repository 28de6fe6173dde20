import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { ZiggyError, type Operation, type OperationContext } from '../../../core/index.ts';
import { hubspotErrorFacts } from '../api-error.ts';
import { withRateLimitRetry } from './rate-limit.ts';
import { idProperty, objectType, operationError } from './shared.ts';

/** HubSpot's batch endpoints take at most 100 inputs. */
const maxBatchSize = 100;

const input = z.strictObject({
  objectType,
  action: z.enum(['create', 'update', 'upsert']).describe('create new records, update existing ones by id, or upsert: update where idProperty matches, create otherwise.'),
  records: z
    .array(
      z.strictObject({
        id: z.union([z.string().min(1), z.number()]).optional().describe('update: the record id (or idProperty value); upsert: the idProperty value; create: leave out.'),
        properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).describe('Property values by internal name, e.g. { email, firstname }.'),
      }),
    )
    .min(1)
    .describe('The records to write, in batches of batchSize.'),
  idProperty,
  batchSize: z.number().int().min(1).max(maxBatchSize).default(maxBatchSize).describe('Records per request; HubSpot takes at most 100.'),
});

type WriteInput = z.output<typeof input>;

/** What the three batch endpoints answer, 200/201 or 207 with errors, as far as the result needs it. */
interface BatchAnswer {
  results: Array<{ id: string; objectWriteTraceId?: string; _new?: boolean }>;
  errors?: Array<{ category: string; message: string; context?: Record<string, string[]> }>;
}

export interface WriteError {
  /** Position of the record in `records`. */
  index: number;
  id?: string;
  category: string;
  message: string;
}

export interface WriteResult {
  created: number;
  updated: number;
  failed: number;
  /** The written records' HubSpot ids, by position in `records`. */
  results: Array<{ index: number; id: string; new: boolean }>;
  errors: WriteError[];
}

export const write: Operation<Client, typeof input, WriteResult> = {
  label: 'Write records',
  description: "Creates, updates or upserts CRM records in batches of up to 100; records HubSpot refuses are listed in the result's errors, the rest are written.",
  input,
  async run(client, params, context) {
    if (params.action === 'upsert' && params.idProperty === undefined) {
      throw new ZiggyError('bad_input', 'upsert needs idProperty: a unique property such as email for contacts, whose values the record ids are.', { field: 'idProperty' });
    }
    const missingId = params.records.findIndex((record) => params.action !== 'create' && record.id === undefined);
    if (missingId !== -1) throw new ZiggyError('bad_input', `records[${missingId}] has no id, which ${params.action} needs.`, { field: `records.${missingId}.id` });
    const result: WriteResult = { created: 0, updated: 0, failed: 0, results: [], errors: [] };
    for (let start = 0; start < params.records.length; start += params.batchSize) {
      const indices = params.records.slice(start, start + params.batchSize).map((_, offset) => start + offset);
      await writeBatch(client, params, indices, result, context);
      context.log(`${params.action}: ${start + indices.length} of ${params.records.length} ${params.objectType} sent, ${result.failed} failed`);
    }
    return result;
  },
};

async function writeBatch(client: Client, params: WriteInput, indices: number[], result: WriteResult, context: OperationContext): Promise<void> {
  // HubSpot echoes objectWriteTraceId on each result and error, which ties them to the record's position.
  const inputs = indices.map((index) => {
    const record = params.records[index];
    const properties = Object.fromEntries(Object.entries(record?.properties ?? {}).map(([name, value]) => [name, value === null ? '' : String(value)]));
    const sent: { id: string; properties: Record<string, string>; objectWriteTraceId: string; idProperty?: string } = {
      id: String(record?.id ?? ''),
      properties,
      objectWriteTraceId: String(index),
    };
    if (params.idProperty !== undefined) sent.idProperty = params.idProperty;
    return sent;
  });
  const batchApi = client.crm.objects.batchApi;
  let answer: BatchAnswer;
  try {
    answer = await withRateLimitRetry<BatchAnswer>(() => {
      if (params.action === 'create') return batchApi.create(params.objectType, { inputs: inputs.map(({ properties, objectWriteTraceId }) => ({ properties, objectWriteTraceId, associations: [] })) });
      if (params.action === 'update') return batchApi.update(params.objectType, { inputs });
      return batchApi.upsert(params.objectType, { inputs });
    }, context);
  } catch (error) {
    const facts = hubspotErrorFacts(error);
    // A refused value (400) or a duplicate (409) fails its whole batch in HubSpot; the other batches go on.
    if (facts === undefined || (facts.status !== 400 && facts.status !== 409)) throw operationError(error, params.objectType);
    for (const index of indices) fail(result, params, index, facts.category ?? 'VALIDATION_ERROR', facts.message);
    return;
  }
  const written = new Set<number>();
  for (const record of answer.results) {
    const index = traceIndex(record.objectWriteTraceId, indices) ?? indices.find((_, position) => inputs[position]?.id === record.id);
    const isNew = params.action === 'create' || record._new === true;
    if (isNew) result.created += 1;
    else result.updated += 1;
    if (index !== undefined) {
      written.add(index);
      result.results.push({ index, id: record.id, new: isNew });
    }
  }
  for (const error of answer.errors ?? []) {
    const ids = error.context?.ids ?? [];
    const traced = (error.context?.objectWriteTraceId ?? []).map((trace) => traceIndex(trace, indices));
    const byId = indices.filter((index) => ids.includes(String(params.records[index]?.id)));
    for (const index of new Set([...traced, ...byId])) {
      if (index !== undefined && !written.has(index)) fail(result, params, index, error.category, error.message);
    }
  }
  result.results.sort((a, b) => a.index - b.index);
}

function traceIndex(trace: string | undefined, indices: number[]): number | undefined {
  const index = Number(trace);
  return trace !== undefined && indices.includes(index) ? index : undefined;
}

function fail(result: WriteResult, params: WriteInput, index: number, category: string, message: string): void {
  const id = params.records[index]?.id;
  result.failed += 1;
  result.errors.push(id === undefined ? { index, category, message } : { index, id: String(id), category, message });
}
