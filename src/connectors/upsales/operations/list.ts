import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import type { Query, UpsalesClient, UpsalesRecord } from '../client.ts';
import { entity, entityPaths, operationError } from './entity.ts';

/** Upsales returns at most this many records per request. */
const maxPageSize = 1000;

const filterValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

const input = z.strictObject({
  entity,
  filters: z
    .record(z.string().regex(/^[A-Za-z][\w.]*$/), filterValue)
    .default({})
    .describe("Query parameters as Upsales's API takes them, e.g. { 'client.id': 12 } or { active: 1 }; an array repeats the parameter."),
  sort: z.string().min(1).optional().describe("Field to sort by, '-' first for descending, e.g. '-regDate'."),
  pageSize: z.number().int().min(1).max(maxPageSize).default(maxPageSize).describe('Records per request (limit), at most 1000.'),
  offset: z.number().int().min(0).default(0).describe('Records to skip before the first one returned.'),
  maxRecords: z.number().int().positive().optional().describe('Stop after this many records; default: every record that matches.'),
});

export interface ListOutput {
  records: UpsalesRecord[];
  /** How many records match, as Upsales counts them. */
  total: number;
  pages: number;
}

export const list: Operation<UpsalesClient, typeof input, ListOutput> = {
  label: 'List records',
  description: 'Lists companies, contacts, orders or activities matching filters, page by page (limit/offset), and returns { records, total, pages }.',
  input,
  async run(client, params, context) {
    const output: ListOutput = { records: [], total: 0, pages: 0 };
    const wanted = params.maxRecords ?? Number.POSITIVE_INFINITY;
    let offset = params.offset;
    for (;;) {
      const limit = Math.min(params.pageSize, wanted - output.records.length);
      const query: Query = { ...params.filters, sort: params.sort, limit, offset };
      const page = await client.list(entityPaths[params.entity], query, { signal: context.signal }).catch((error: unknown) => {
        throw operationError(error, 'list');
      });
      output.records.push(...page.data);
      output.total = page.total;
      output.pages += 1;
      offset += page.data.length;
      if (output.pages > 1 || offset < page.total) context.log(`list: page ${output.pages}, ${output.records.length} of ${Math.min(page.total - params.offset, wanted)} records`);
      if (page.data.length === 0 || offset >= page.total || output.records.length >= wanted) return output;
    }
  },
};
