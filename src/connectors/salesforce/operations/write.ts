import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';

/** The sObject Collections limit per request. */
const collectionLimit = 200;

/** Past ten requests of 200, one Bulk API 2.0 job costs fewer API calls and runs asynchronously in the org. */
const defaultBulkThreshold = 2000;

/** How long a bulk job may take in the org before the operation stops waiting (the job goes on). */
const bulkPollTimeoutMs = 30 * 60_000;

const record = z.record(z.string(), z.unknown());

const writeInput = z
  .strictObject({
    object: z.string().min(1).describe('The object’s API name: Account, Contact, My_Object__c'),
    action: z.enum(['insert', 'update', 'upsert', 'delete']).describe('insert new records; update by Id; upsert by externalIdField; delete by Id'),
    records: z.array(record).min(1).max(100_000).describe('The records: field name → value; update and delete need Id, upsert needs the external id field'),
    externalIdField: z.string().min(1).optional().describe('With upsert: the external id field that matches records, e.g. ERP_Id__c'),
    batchSize: z.number().int().min(1).max(collectionLimit).default(collectionLimit).describe(`Records per request (at most ${collectionLimit}, the API's limit)`),
    bulkThreshold: z
      .number()
      .int()
      .min(1)
      .default(defaultBulkThreshold)
      .describe(`Above this many records, write through one Bulk API 2.0 job instead of requests of ${collectionLimit} (default ${defaultBulkThreshold}); its results carry each record's fields instead of its index`),
  })
  .refine((input) => input.action !== 'upsert' || input.externalIdField !== undefined, {
    message: 'upsert matches records by an external id field: give externalIdField.',
    path: ['externalIdField'],
  });

type WriteInput = z.output<typeof writeInput>;

interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }>;
}

export interface RecordOutcome {
  /** The record's position in `records`; null from a bulk job, whose results say `record` instead. */
  index: number | null;
  /** From a bulk job: the record's fields as Salesforce echoes them back. */
  record?: Record<string, string>;
  id: string | null;
  success: boolean;
  created?: boolean;
  errors: Array<{ code: string; message: string; fields: string[] }>;
}

export interface WriteResult {
  action: WriteInput['action'];
  /** How it was written: sObject Collections requests, or one Bulk API 2.0 job. */
  api: 'collections' | 'bulk2';
  succeeded: number;
  failed: number;
  results: RecordOutcome[];
}

function idsOf(records: WriteInput['records'], offset: number): string[] {
  return records.map((entry, index) => {
    if (typeof entry.Id !== 'string' || entry.Id === '') throw new Error(`records[${offset + index}] has no Id, which delete needs.`);
    return entry.Id;
  });
}

async function send(connection: Connection, input: WriteInput, chunk: WriteInput['records'], offset: number): Promise<SaveResult[]> {
  const options = { allOrNone: false };
  switch (input.action) {
    case 'insert':
      return (await connection.create(input.object, chunk, options)) as SaveResult[];
    case 'update':
      return (await connection.update(input.object, chunk as Array<Record<string, unknown> & { Id: string }>, options)) as SaveResult[];
    case 'upsert':
      return (await connection.upsert(input.object, chunk, input.externalIdField ?? '', options)) as SaveResult[];
    case 'delete':
      return (await connection.destroy(input.object, idsOf(chunk, offset), options)) as SaveResult[];
  }
}

export const write: Operation<Connection, typeof writeInput> = {
  label: 'SalesForce Write: insert, update, upsert or delete',
  description:
    'Writes records through the sObject Collections API in requests of up to 200, or above bulkThreshold through one Bulk API 2.0 job; each record on its own: a record Salesforce refuses is reported in results with its errors, and the others are written.',
  input: writeInput,
  async run(connection, input, context) {
    if (input.records.length > input.bulkThreshold) return writeByBulkJob(connection, input, context);
    const result: WriteResult = { action: input.action, api: 'collections', succeeded: 0, failed: 0, results: [] };
    for (let offset = 0; offset < input.records.length; offset += input.batchSize) {
      context.signal.throwIfAborted();
      const chunk = input.records.slice(offset, offset + input.batchSize);
      const saved = await send(connection, input, chunk, offset);
      saved.forEach((outcome, index) => {
        const entry: RecordOutcome = {
          index: offset + index,
          id: outcome.id ?? null,
          success: outcome.success,
          errors: (outcome.errors ?? []).map((error) => ({ code: error.statusCode ?? 'UNKNOWN', message: error.message ?? '', fields: error.fields ?? [] })),
        };
        if (outcome.created !== undefined) entry.created = outcome.created;
        result.results.push(entry);
        if (outcome.success) result.succeeded++;
        else result.failed++;
      });
      context.log(`${Math.min(offset + chunk.length, input.records.length)} of ${input.records.length} records sent`);
    }
    return result;
  },
};

type BulkRow = Record<string, string>;

/** `CODE:message;CODE:message` as the Bulk API's sf__Error column writes a record's errors. */
function bulkErrors(text: string): RecordOutcome['errors'] {
  return text
    .split(';')
    .filter((part) => part !== '')
    .map((part) => {
      const colon = part.indexOf(':');
      return colon < 0 ? { code: 'UNKNOWN', message: part, fields: [] } : { code: part.slice(0, colon), message: part.slice(colon + 1), fields: [] };
    });
}

/** A result CSV's rows as jsforce parsed them, every cell as text; jsforce gives '' for an empty CSV. */
function rowsOf(rows: unknown): BulkRow[] {
  if (!Array.isArray(rows)) return [];
  return rows.map((row: unknown) =>
    Object.fromEntries(Object.entries(typeof row === 'object' && row !== null ? row : {}).map(([key, value]) => [key, value === null || value === undefined ? '' : String(value)])),
  );
}

function withoutBulkColumns(row: BulkRow): BulkRow {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('sf__')));
}

async function writeByBulkJob(connection: Connection, input: WriteInput, context: { log(message: string): void }): Promise<WriteResult> {
  context.log(`${input.records.length} records: one Bulk API 2.0 ${input.action} job`);
  const results = await connection.bulk2.loadAndWaitForResults({
    object: input.object,
    operation: input.action,
    ...(input.externalIdField === undefined ? {} : { externalIdFieldName: input.externalIdField }),
    input: input.records,
    pollTimeout: bulkPollTimeoutMs,
  });
  const ok = rowsOf(results.successfulResults).map((row): RecordOutcome => ({
    index: null,
    id: row.sf__Id || null,
    success: true,
    created: row.sf__Created === 'true',
    errors: [],
    record: withoutBulkColumns(row),
  }));
  const refused = [...rowsOf(results.failedResults), ...rowsOf(results.unprocessedRecords)].map((row): RecordOutcome => ({
    index: null,
    id: row.sf__Id || null,
    success: false,
    errors: row.sf__Error === undefined ? [{ code: 'UNPROCESSED', message: 'The job ended before this record was processed.', fields: [] }] : bulkErrors(row.sf__Error),
    record: withoutBulkColumns(row),
  }));
  context.log(`bulk job done: ${ok.length} written, ${refused.length} refused`);
  return { action: input.action, api: 'bulk2', succeeded: ok.length, failed: refused.length, results: [...ok, ...refused] };
}
