import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { isZiggyError } from '../../../core/index.ts';
import { select } from './select.ts';
import { runOperation, testContext, testPool } from './test-database.ts';

const pool = testPool(2);
after(() => pool.end());

type Batches = AsyncIterable<Array<Record<string, unknown>>>;

const series = (count: number) => ({ sql: 'SELECT g AS id FROM generate_series(1, $1::int) g', params: [count] });

/** The pool holds every client it opened as idle again: nothing is checked out or leaked. */
function assertAllReturned(): void {
  assert.equal(pool.idleCount, pool.totalCount, `idle ${pool.idleCount} of ${pool.totalCount}`);
  assert.equal(pool.waitingCount, 0);
}

test('without batchSize it returns rows, rowCount and fields, values passed as parameters', async () => {
  const result = await runOperation(select, pool, { sql: 'SELECT $1::text AS name, 42 AS answer', params: ["O'Brien"] });
  assert.deepEqual(result, {
    rows: [{ name: "O'Brien", answer: 42 }],
    rowCount: 1,
    fields: [
      { name: 'name', dataTypeID: 25 },
      { name: 'answer', dataTypeID: 23 },
    ],
  });
});

test('a SQL error names the message, the SQLSTATE and the line and column', async () => {
  const sql = 'SELECT *\n  FROM ziggy_no_such_table';
  await assert.rejects(runOperation(select, pool, { sql }), (error) => {
    assert.ok(isZiggyError(error));
    assert.equal(error.id, 'bad_input');
    assert.match(error.message, /^relation "ziggy_no_such_table" does not exist \(SQLSTATE 42P01\) at line 2, column 8: "FROM ziggy_no_such_table"\.$/);
    assert.deepEqual(error.details, { sqlstate: '42P01', position: 17, line: 2, column: 8 });
    return true;
  });
  assertAllReturned();
});

test('select runs exactly one statement', async () => {
  await assert.rejects(runOperation(select, pool, { sql: 'SELECT 1; SELECT 2' }), /SQLSTATE 42601/);
});

test('maxIterations without batchSize is refused by the input schema', () => {
  const result = select.input.safeParse({ sql: 'SELECT 1', maxIterations: 2 });
  assert.equal(result.success, false);
  assert.deepEqual(result.error?.issues[0]?.path, ['maxIterations']);
});

test('with batchSize it streams batches of at most batchSize rows to the end', async () => {
  const batches = (await runOperation(select, pool, { ...series(25), batchSize: 10 })) as Batches;
  const sizes: number[] = [];
  const ids: unknown[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    ids.push(...batch.map((row) => row.id));
  }
  assert.deepEqual(sizes, [10, 10, 5]);
  assert.deepEqual(ids, Array.from({ length: 25 }, (_, index) => index + 1));
  assertAllReturned();
});

test('maxIterations stops after that many batches and closes the cursor', async () => {
  const batches = (await runOperation(select, pool, { ...series(100), batchSize: 10, maxIterations: 3 })) as Batches;
  let rows = 0;
  for await (const batch of batches) rows += batch.length;
  assert.equal(rows, 30);
  assertAllReturned();
  const open = await pool.query<{ count: string }>('SELECT count(*) FROM pg_cursors');
  assert.equal(open.rows[0]?.count, '0');
});

test('an early break closes the cursor and gives the client back, ready for the next query', async () => {
  const single = testPool(1);
  try {
    const batches = (await runOperation(select, single, { ...series(1000), batchSize: 10 })) as Batches;
    for await (const batch of batches) {
      assert.equal(batch.length, 10);
      assert.equal(single.idleCount, 0, 'the client is checked out while the stream is open');
      break;
    }
    assert.equal(single.totalCount, 1);
    assert.equal(single.idleCount, 1);
    // The same connection answers (a cursor left open would block it) and holds no portal.
    const open = await single.query<{ count: string }>('SELECT count(*) FROM pg_cursors');
    assert.equal(open.rows[0]?.count, '0');
  } finally {
    await single.end();
  }
});

test('a consumer that never iterates takes no client', async () => {
  const before = pool.totalCount - pool.idleCount;
  await runOperation(select, pool, { ...series(10), batchSize: 5 });
  assert.equal(pool.totalCount - pool.idleCount, before);
});

test('a SQL error in a stream surfaces on the first batch and the client is given back', async () => {
  const batches = (await runOperation(select, pool, { sql: 'SELECT 1/0', batchSize: 5 })) as Batches;
  await assert.rejects(async () => {
    for await (const batch of batches) assert.fail(`got a batch ${JSON.stringify(batch)}`);
  }, /division by zero \(SQLSTATE 22012\)/);
  assertAllReturned();
});

test('an abort between batches ends the stream with the abort reason and drops the connection', async () => {
  const controller = new AbortController();
  const batches = (await runOperation(select, pool, { ...series(1000), batchSize: 10 }, testContext(controller.signal))) as Batches;
  const reason = new Error('run cancelled');
  let openBefore = 0;
  await assert.rejects(async () => {
    for await (const batch of batches) {
      assert.equal(batch.length, 10);
      openBefore = pool.totalCount;
      controller.abort(reason);
    }
  }, reason);
  assert.equal(pool.totalCount, openBefore - 1);
  assertAllReturned();
});

test('an abort while a slow read runs ends it at once', async () => {
  const controller = new AbortController();
  const batches = (await runOperation(select, pool, { sql: 'SELECT pg_sleep(10)', batchSize: 5 }, testContext(controller.signal))) as Batches;
  const started = performance.now();
  setTimeout(() => controller.abort(new Error('too slow')), 200);
  await assert.rejects(async () => {
    for await (const batch of batches) assert.fail(`got a batch ${JSON.stringify(batch)}`);
  }, /too slow/);
  assert.ok(performance.now() - started < 3000, `took ${performance.now() - started} ms`);
  assertAllReturned();
});

test('an abort while a plain select runs ends it at once', async () => {
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(new Error('too slow')), 200);
  await assert.rejects(runOperation(select, pool, { sql: 'SELECT pg_sleep(10)' }, testContext(controller.signal)), /too slow/);
  assert.ok(performance.now() - started < 3000, `took ${performance.now() - started} ms`);
  assertAllReturned();
});
