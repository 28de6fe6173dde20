import type { Client, estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import type { Operation, OperationContext } from '../../../core/index.ts';

const defaultLimit = 10_000;

const searchInput = z.strictObject({
  index: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe("The index, data stream or alias to search (patterns such as 'logs-*' work), or a list of them."),
  query: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("A query in the query DSL, e.g. { term: { status: 'paid' } }. Default: every document (match_all)."),
  sort: z
    .array(z.union([z.string(), z.record(z.string(), z.unknown())]))
    .optional()
    .describe("Sort in the query DSL, e.g. [{ createdAt: 'desc' }] or ['_score']. Default: index order (_shard_doc), the fastest way to read everything."),
  _source: z
    .union([z.boolean(), z.array(z.string())])
    .optional()
    .describe('Which fields of each document to return: a list of fields (patterns allowed), or false for none. Default: the whole document.'),
  limit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`The most hits to return. Default without batchSize: ${defaultLimit.toLocaleString('en')} (the result says truncated when more match); with batchSize: every hit.`),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('Stream the hits in batches of at most this many, one request each (as the SQL Block streams rows): memory stays bounded for any number of hits.'),
  keepAlive: z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, "A duration such as '1m' or '30s'.")
    .default('1m')
    .describe("How long the point in time is kept between two pages, e.g. '1m'; it is closed when the search ends."),
});

type SearchParams = z.output<typeof searchInput>;

/** A hit as Elasticsearch returns it: `_index`, `_id`, `_source`, and `sort` (what search_after continues from). */
export type Hit = estypes.SearchHit<Record<string, unknown>>;

export interface SearchResult {
  hits: Hit[];
  /** How many documents match, as Elasticsearch counts them. */
  total: number;
  /** True when more documents match than `limit` let through. */
  truncated: boolean;
}

/** Page size when the hits are gathered into one result. */
const collectPageSize = 1000;

/**
 * Pages through every match with a point in time and `search_after`, which (unlike from/size)
 * is not capped at 10,000 hits and sees one consistent snapshot; the point in time is closed
 * when the pages end, fail, or the reader stops early.
 */
async function* pages(client: Client, params: SearchParams, pageSize: number, limit: number | undefined, onTotal: (total: number) => void, signal: AbortSignal): AsyncGenerator<Hit[]> {
  const opened = await client.openPointInTime({ index: params.index, keep_alive: params.keepAlive }, { signal });
  let pitId = opened.id;
  let sent = 0;
  let pagesRead = 0;
  let after: estypes.SortResults | undefined;
  try {
    for (;;) {
      const size = limit === undefined ? pageSize : Math.min(pageSize, limit - sent);
      if (size <= 0) return;
      const request: Record<string, unknown> = {
        pit: { id: pitId, keep_alive: params.keepAlive },
        query: params.query ?? { match_all: {} },
        sort: params.sort ?? [{ _shard_doc: 'asc' }],
        size,
        track_total_hits: pagesRead === 0,
      };
      if (params._source !== undefined) request._source = params._source;
      if (after !== undefined) request.search_after = after;
      const page = await client.search<Record<string, unknown>>(request, { signal });
      if (page.pit_id !== undefined) pitId = page.pit_id;
      if (pagesRead === 0) {
        const total = page.hits.total;
        onTotal(typeof total === 'number' ? total : (total?.value ?? 0));
      }
      const hits: Hit[] = page.hits.hits;
      if (hits.length === 0) return;
      sent += hits.length;
      pagesRead += 1;
      yield hits;
      const last = hits.at(-1)?.sort;
      if (hits.length < size || last === undefined) return;
      after = last;
    }
  } finally {
    await client.closePointInTime({ id: pitId }).catch(() => undefined);
  }
}

async function collect(client: Client, params: SearchParams, context: OperationContext): Promise<SearchResult> {
  const limit = params.limit ?? defaultLimit;
  let total = 0;
  const hits: Hit[] = [];
  for await (const page of pages(client, params, collectPageSize, limit, (counted) => (total = counted), context.signal)) {
    hits.push(...page);
    context.log(`Elastic Search: ${hits.length} of ${Math.min(total, limit)} hits read.`);
  }
  return { hits, total, truncated: total > hits.length };
}

/** The Elastic Search block: a query DSL search, paged with a point in time past 10,000 hits. */
export const searchOperation: Operation<Client, typeof searchInput, SearchResult | AsyncIterable<Hit[]>> = {
  label: 'Elastic Search',
  description:
    'Searches with the query DSL and returns { hits, total, truncated } (up to limit hits, paging with a point in time and search_after, so past 10,000); with batchSize it streams the hits in batches with bounded memory.',
  input: searchInput,
  async run(client, params, context): Promise<SearchResult | AsyncIterable<Hit[]>> {
    if (params.batchSize !== undefined) return pages(client, params, params.batchSize, params.limit, () => undefined, context.signal);
    return collect(client, params, context);
  },
};
