import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { select } from './select.ts';
import { runOperation, testPool } from './test-database.ts';

// Heap figures are only comparable right after a full collection; this exposes gc() without a command-line flag.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const pool = testPool(1);
after(() => pool.end());

const totalRows = 1_000_000;
const batchSize = 10_000;
/** Generous (one batch is about 1 MB), yet well below the ~110 MB that holding all 1,000,000 rows takes. */
const boundBytes = 50 * 1024 * 1024;

test('streaming 1,000,000 rows in batches of 10,000 keeps the heap bounded', async (t) => {
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  let peakGrowth = 0;
  let rows = 0;
  let batches = 0;
  let lastId = 0;
  const stream = (await runOperation(select, pool, {
    sql: 'SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 1000000) g',
    batchSize,
  })) as AsyncIterable<Array<{ id: number; payload: string }>>;
  for await (const batch of stream) {
    assert.ok(batch.length <= batchSize);
    for (const row of batch) {
      assert.equal(row.id, lastId + 1);
      lastId = row.id;
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
  assert.equal(pool.idleCount, pool.totalCount);
});
