import type { Client } from '@hubspot/api-client';
import type { Filter, PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import { z } from 'zod';
import { ZiggyError, type Operation, type OperationContext } from '../../../core/index.ts';
import { withRateLimitRetry } from './rate-limit.ts';
import { idProperty, objectType, operationError, plainRecord, type HubSpotRecord } from './shared.ts';

const batchReadSize = 100;
const listPageSize = 100;
const searchPageSize = 200;
/** HubSpot's search API pages no further than this many results. */
const searchWindow = 10_000;

const operators = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;
const filterValue = z.union([z.string(), z.number(), z.boolean()]);

const filter = z.strictObject({
  propertyName: z.string().min(1).describe('The property to compare, e.g. lastmodifieddate or email.'),
  operator: z.enum(operators).describe('How to compare: EQ, NEQ, LT, LTE, GT, GTE, BETWEEN (value to highValue), IN / NOT_IN (values), HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN.'),
  value: filterValue.optional().describe('The value to compare with; dates as ISO text (2026-12-01T00:00:00Z) or epoch milliseconds.'),
  highValue: filterValue.optional().describe('The upper bound of BETWEEN.'),
  values: z.array(filterValue).optional().describe('The values of IN and NOT_IN.'),
});

const input = z.strictObject({
  objectType,
  ids: z.array(z.string().min(1)).min(1).optional().describe('Read these records by id (or by idProperty values), 100 per request; ids not found are listed in missing.'),
  idProperty,
  filters: z.array(filter).min(1).optional().describe('Search for records matching every filter (AND); leave out, with ids, to list all records.'),
  sorts: z
    .array(z.strictObject({ propertyName: z.string().min(1).describe('The property to sort by.'), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING').describe('Sort order.') }))
    .optional()
    .describe('Search only: the order of the results, e.g. [{ propertyName: "lastmodifieddate" }].'),
  properties: z.array(z.string().min(1)).optional().describe("Properties to return; leave out for HubSpot's default set of the object type."),
  limit: z.number().int().min(1).default(1000).describe('Most records to return (search: at most 10,000, where HubSpot stops paging).'),
  after: z.string().min(1).optional().describe('Paging cursor from a previous result’s next, to go on from there.'),
});

type ReadInput = z.output<typeof input>;

export interface ReadResult {
  records: HubSpotRecord[];
  /** Cursor for the next page when `limit` stopped the read early; pass it as `after`. */
  next?: string;
  /** Search: how many records match in all. */
  total?: number;
  /** By ids: the ids HubSpot did not find. */
  missing?: string[];
}

export const read: Operation<Client, typeof input, ReadResult> = {
  label: 'Read records',
  description: 'Reads CRM records (contacts, companies, deals, tickets, custom objects) by id, lists them page by page, or searches them with filters.',
  input,
  async run(client, params, context) {
    try {
      if (params.ids !== undefined) return await readByIds(client, params, params.ids, context);
      if (params.filters !== undefined) return await search(client, params, params.filters, context);
      return await list(client, params, context);
    } catch (error) {
      throw operationError(error, params.objectType);
    }
  },
};

async function readByIds(client: Client, params: ReadInput, ids: string[], context: OperationContext): Promise<ReadResult> {
  const records: HubSpotRecord[] = [];
  const missing: string[] = [];
  for (let start = 0; start < ids.length; start += batchReadSize) {
    const chunk = ids.slice(start, start + batchReadSize);
    const request = { inputs: chunk.map((id) => ({ id })), properties: params.properties ?? [], propertiesWithHistory: [], ...(params.idProperty === undefined ? {} : { idProperty: params.idProperty }) };
    const answer = await withRateLimitRetry(() => client.crm.objects.batchApi.read(params.objectType, request), context);
    records.push(...answer.results.map(plainRecord));
    const errors = 'errors' in answer && Array.isArray(answer.errors) ? answer.errors : [];
    for (const error of errors) missing.push(...(error.context?.ids ?? []));
    context.log(`read ${records.length} of ${ids.length} ${params.objectType} by id`);
  }
  return missing.length === 0 ? { records } : { records, missing };
}

async function list(client: Client, params: ReadInput, context: OperationContext): Promise<ReadResult> {
  const records: HubSpotRecord[] = [];
  let after = params.after;
  do {
    const size = Math.min(listPageSize, params.limit - records.length);
    const cursor = after;
    const page = await withRateLimitRetry(() => client.crm.objects.basicApi.getPage(params.objectType, size, cursor, params.properties), context);
    records.push(...page.results.map(plainRecord));
    after = page.paging?.next?.after;
    context.log(`listed ${records.length} ${params.objectType}`);
  } while (after !== undefined && records.length < params.limit);
  return after === undefined ? { records } : { records, next: after };
}

async function search(client: Client, params: ReadInput, filters: ReadInput['filters'] & object, context: OperationContext): Promise<ReadResult> {
  if (params.limit > searchWindow) {
    throw new ZiggyError('bad_input', `HubSpot's search returns at most ${searchWindow} records; lower limit and narrow the filters (e.g. by lastmodifieddate) to read more.`, { field: 'limit' });
  }
  const text = (value: string | number | boolean | undefined) => (value === undefined ? undefined : String(value));
  const filterGroups = [
    {
      filters: filters.map((entry) => {
        const sent: Record<string, unknown> = { propertyName: entry.propertyName, operator: entry.operator };
        if (entry.value !== undefined) sent.value = text(entry.value);
        if (entry.highValue !== undefined) sent.highValue = text(entry.highValue);
        if (entry.values !== undefined) sent.values = entry.values.map(String);
        // The SDK types operators as a TypeScript enum of these same strings.
        return sent as unknown as Filter;
      }),
    },
  ];
  const records: HubSpotRecord[] = [];
  let after = params.after;
  let total = 0;
  do {
    const request: PublicObjectSearchRequest = { filterGroups, limit: Math.min(searchPageSize, params.limit - records.length) };
    if (after !== undefined) request.after = after;
    if (params.properties !== undefined) request.properties = params.properties;
    // HubSpot takes sorts as objects; the SDK's type says strings and sends them through as given.
    if (params.sorts !== undefined) request.sorts = params.sorts as unknown as string[];
    const page = await withRateLimitRetry(() => client.crm.objects.searchApi.doSearch(params.objectType, request), context);
    total = page.total;
    records.push(...page.results.map(plainRecord));
    after = page.paging?.next?.after;
    context.log(`found ${records.length} of ${total} ${params.objectType}`);
  } while (after !== undefined && records.length < params.limit);
  return after === undefined ? { records, total } : { records, total, next: after };
}
