import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { leaseCounts } from '../../core/sql/index.ts';
import { sqlHelpers, type SqlContractFixtures } from './fixtures.ts';

const totalRows = 1_000_000;
const batchSize = 10_000;
/** Generous (one batch is about 1 MB), yet well below the ~110 MB that holding all 1,000,000 rows takes. */
const boundBytes = 50 * 1024 * 1024;

/** The select stream's memory stays bounded over 1,000,000 rows; a file of its own, as it runs long. */
export function runStreamMemoryCase<Client extends object>(fixtures: SqlContractFixtures<Client>): void {
  // Heap figures are only comparable right after a full collection; this exposes gc() without a command-line flag.
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  let client: Client;
  const { run } = sqlHelpers(fixtures, () => client);
  before(async () => {
    client = await fixtures.openClient(1);
  });
  after(() => fixtures.closeClient(client));

  test(`${fixtures.driver.dialect.label}: streaming 1,000,000 rows in batches of 10,000 keeps the heap bounded`, async (t) => {
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peakGrowth = 0;
    let rows = 0;
    let batches = 0;
    let lastId = 0;
    const { text, values } = fixtures.series(totalRows);
    const stream = (await run('select', { sql: text, params: values, batchSize })) as AsyncIterable<Array<{ id: unknown }>>;
    for await (const batch of stream) {
      assert.ok(batch.length <= batchSize);
      for (const row of batch) {
        assert.equal(Number(row.id), lastId + 1);
        lastId += 1;
      }
      rows += batch.length;
      batches += 1;
      if (batches % 10 === 0) {
        collectGarbage();
        peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - baseline);
      }
    }
    assert.equal(rows, totalRows);
    assert.equal(batches, totalRows / batchSize);
    t.diagnostic(`heapUsed growth while streaming ${rows} rows: at most ${(peakGrowth / 1024 / 1024).toFixed(1)} MB (bound ${boundBytes / 1024 / 1024} MB)`);
    assert.ok(peakGrowth < boundBytes, `the heap grew by ${peakGrowth} bytes`);
    assert.equal(leaseCounts(client).open, 0);
  });
}
