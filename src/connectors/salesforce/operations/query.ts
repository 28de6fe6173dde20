import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';

const queryInput = z.strictObject({
  soql: z.string().min(1).describe("The SOQL query, e.g. SELECT Id, Name FROM Account WHERE LastModifiedDate > 2026-01-01T00:00:00Z"),
  maxRecords: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(10_000)
    .describe('Stop after this many records (default 10,000); the result says when more were left.'),
  batches: z
    .boolean()
    .default(false)
    .describe("Stream the records as outputs, one per page Salesforce returns ({ batch, records }), reading the next page only when asked: for results of any size."),
  includeDeleted: z.boolean().default(false).describe('Also deleted and archived records (queryAll).'),
});

type QueryInput = z.output<typeof queryInput>;

interface Page {
  records: Array<Record<string, unknown>>;
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
}

export interface QueryResult {
  records: Array<Record<string, unknown>>;
  totalSize: number;
  /** False when maxRecords stopped the reading before the end. */
  complete: boolean;
}

/** The records without the `attributes` Salesforce adds to each, which say only the type and URL. */
function plain(records: Page['records']): Page['records'] {
  return records.map(({ attributes: _attributes, ...fields }) => fields);
}

/** Pages of a query, following nextRecordsUrl (queryMore), until the end or `maxRecords`. */
async function* pages(connection: Connection, input: QueryInput, signal: AbortSignal): AsyncGenerator<Page> {
  let page = (await connection.query(input.soql, { autoFetch: false, scanAll: input.includeDeleted })) as unknown as Page;
  let left = input.maxRecords;
  for (;;) {
    const records = plain(page.records).slice(0, left);
    left -= records.length;
    const last = page.done || page.nextRecordsUrl === undefined;
    yield { ...page, records, done: last && records.length === page.records.length };
    if (last || left === 0) return;
    signal.throwIfAborted();
    page = (await connection.queryMore(page.nextRecordsUrl ?? '')) as unknown as Page;
  }
}

export const query: Operation<Connection, typeof queryInput> = {
  label: 'SalesForce Read: SOQL query',
  description: 'Runs a SOQL query and follows its pages (queryMore) to the end or maxRecords; with batches: true the pages stream as outputs.',
  input: queryInput,
  async run(connection, input, context) {
    if (input.batches) {
      return (async function* () {
        let batch = 0;
        for await (const page of pages(connection, input, context.signal)) yield { batch: ++batch, rows: page.records };
      })();
    }
    const result: QueryResult = { records: [], totalSize: 0, complete: false };
    for await (const page of pages(connection, input, context.signal)) {
      result.records.push(...page.records);
      result.totalSize = page.totalSize;
      result.complete = page.done;
      context.log(`${result.records.length} of ${page.totalSize} records read`);
    }
    return result;
  },
};
