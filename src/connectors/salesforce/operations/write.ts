import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';

/** The sObject Collections limit per request. */
const collectionLimit = 200;

const record = z.record(z.string(), z.unknown());

const writeInput = z
  .strictObject({
    object: z.string().min(1).describe('The object’s API name: Account, Contact, My_Object__c'),
    action: z.enum(['insert', 'update', 'upsert', 'delete']).describe('insert new records; update by Id; upsert by externalIdField; delete by Id'),
    records: z.array(record).min(1).max(100_000).describe('The records: field name → value; update and delete need Id, upsert needs the external id field'),
    externalIdField: z.string().min(1).optional().describe('With upsert: the external id field that matches records, e.g. ERP_Id__c'),
    batchSize: z.number().int().min(1).max(collectionLimit).default(collectionLimit).describe(`Records per request (at most ${collectionLimit}, the API's limit)`),
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
  /** The record's position in `records`. */
  index: number;
  id: string | null;
  success: boolean;
  created?: boolean;
  errors: Array<{ code: string; message: string; fields: string[] }>;
}

export interface WriteResult {
  action: WriteInput['action'];
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
    'Writes records through the sObject Collections API in requests of up to 200, each record on its own (allOrNone false): a record Salesforce refuses is reported in results with its errors, and the others are written.',
  input: writeInput,
  async run(connection, input, context) {
    const result: WriteResult = { action: input.action, succeeded: 0, failed: 0, results: [] };
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
