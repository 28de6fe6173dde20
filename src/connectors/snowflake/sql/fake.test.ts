import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isZiggyError } from '../../../core/index.ts';
import { leaseCounts } from '../../../core/sql/index.ts';
import { testContext } from '../../sql-contract/index.ts';
import type { SnowflakePool } from '../client.ts';
import connector from '../index.ts';
import { startSnowflakeFake, type SnowflakeFake } from '../rest-fake.ts';
import { snowflakeSchema } from '../schema.ts';

// The SQL Block through the real snowflake-sdk and the driver adapter, against the REST fake
// (the full SQL contract suite runs against a real account in live.test.ts).
let fake: SnowflakeFake;
let pool: SnowflakePool;
before(async () => {
  fake = await startSnowflakeFake({
    username: 'ETL_USER',
    password: 'pw-Correct-1',
    roles: ['ANALYST'],
    warehouses: ['COMPUTE_WH'],
    databases: { ANALYTICS: ['PUBLIC'] },
  });
  pool = await connector.createClient(
    snowflakeSchema.parse({
      account: 'XXXXXX-XXXXXX',
      username: 'ETL_USER',
      password: 'pw-Correct-1',
      accessUrl: fake.accessUrl,
      warehouse: 'COMPUTE_WH',
      database: 'ANALYTICS',
      schema: 'PUBLIC',
      poolMax: 1,
    }),
  );
});
after(async () => {
  await connector.closeClient(pool);
  await fake.close();
});

const run = (name: string, params: unknown) => {
  const operation = connector.operations[name];
  assert.ok(operation !== undefined);
  return operation.run(pool, operation.input.parse(params), testContext());
};

/** What the fake was sent since `from`. */
const sentSince = (from: number): string[] => fake.queries.slice(from);

test('select binds params as ? and returns rows, rowCount and fields with type codes', async () => {
  const from = fake.queries.length;
  const result = await run('select', { sql: 'SELECT id FROM numbers WHERE id <= ?', params: [3] });
  assert.deepEqual(result, { rows: [{ ID: 1 }, { ID: 2 }, { ID: 3 }], rowCount: 3, fields: [{ name: 'ID', dataTypeID: 0 }] });
  assert.deepEqual(sentSince(from), ['SELECT id FROM numbers WHERE id <= ?']);
  assert.equal(leaseCounts(pool).open, 0);
});

test('select with batchSize streams batches to the end, and an early break leaves the one connection usable', async () => {
  const batches = (await run('select', { sql: 'SELECT id FROM numbers WHERE id <= ?', params: [25], batchSize: 10 })) as AsyncIterable<Array<{ ID: number }>>;
  const sizes: number[] = [];
  const ids: number[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    ids.push(...batch.map((row) => row.ID));
  }
  assert.deepEqual(sizes, [10, 10, 5]);
  assert.deepEqual(ids, Array.from({ length: 25 }, (_, index) => index + 1));
  const again = (await run('select', { sql: 'SELECT id FROM numbers WHERE id <= ?', params: [5000], batchSize: 10 })) as AsyncIterable<unknown[]>;
  for await (const batch of again) {
    assert.equal(batch.length, 10);
    break;
  }
  assert.equal(leaseCounts(pool).open, 0);
  assert.equal(((await run('select', { sql: 'SELECT id FROM numbers WHERE id <= ?', params: [1] })) as { rowCount: number }).rowCount, 1);
});

test('insert sends batched INSERTs with ? placeholders between BEGIN and COMMIT on one session', async () => {
  const from = fake.queries.length;
  const rows = [{ SKU: 'A', qty: 1 }, { SKU: 'B', qty: 2 }, { SKU: 'C', qty: 3 }];
  assert.deepEqual(await run('insert', { table: 'stock', rows, batchSize: 2 }), { inserted: 3 });
  assert.deepEqual(sentSince(from), [
    'BEGIN',
    'INSERT INTO "stock" ("SKU", "qty") VALUES (?, ?), (?, ?)',
    'INSERT INTO "stock" ("SKU", "qty") VALUES (?, ?)',
    'COMMIT',
  ]);
  assert.equal(leaseCounts(pool).open, 0);
});

test('upsert sends one MERGE per batch inside the transaction and counts what Snowflake reports', async () => {
  const from = fake.queries.length;
  const result = await run('upsert', { table: 'stock', rows: [{ SKU: 'A', qty: 5 }, { SKU: 'D', qty: 4 }], conflictColumns: ['SKU'] });
  assert.deepEqual(result, { upserted: 2 });
  const [begin, merge, commit] = sentSince(from);
  assert.deepEqual([begin, commit], ['BEGIN', 'COMMIT']);
  assert.match(merge ?? '', /^MERGE INTO "stock" AS target\nUSING \(SELECT column1 AS "SKU", column2 AS "qty" FROM VALUES \(\?, \?\), \(\?, \?\)\) AS source\n/);
});

test('a failing batch rolls the transaction back and names the Snowflake error code', async () => {
  const from = fake.queries.length;
  await assert.rejects(run('insert', { table: 'no_such_table', rows: [{ id: 1 }] }), (error) => {
    assert.ok(isZiggyError(error));
    assert.equal(error.id, 'bad_input');
    assert.match(error.message, /\(Snowflake error 002003, SQLSTATE 42S02\)/);
    assert.doesNotMatch(error.message, /pw-Correct-1/);
    return true;
  });
  assert.deepEqual(sentSince(from), ['BEGIN', 'INSERT INTO "no_such_table" ("id") VALUES (?)', 'ROLLBACK']);
  assert.equal(leaseCounts(pool).open, 0);
});

test('raw runs SQL without values as a script and returns the last result', async () => {
  const result = await run('raw', { sql: "SELECT 1 AS ONE, 'x' AS NAME" });
  assert.deepEqual(result, { rows: [{ ONE: 1, NAME: 'x' }], rowCount: 1 });
});

test('raw without params runs several statements in one request (MULTI_STATEMENT_COUNT 0) and returns the last result', async () => {
  const from = fake.queries.length;
  const result = await run('raw', { sql: 'INSERT INTO "stock" ("SKU") VALUES (\'A\'), (\'B\');\nSELECT 1 AS ONE, \'x\' AS NAME' });
  assert.deepEqual(result, { rows: [{ ONE: 1, NAME: 'x' }], rowCount: 1 });
  assert.equal(sentSince(from).length, 1);
  assert.equal(leaseCounts(pool).open, 0);
});

test('raw with params is one statement, so several are refused by Snowflake', async () => {
  await assert.rejects(run('raw', { sql: 'SELECT 1 AS ONE; SELECT ? AS TWO', params: [2] }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /\(Snowflake error 000008, SQLSTATE 0A000\)/);
    return true;
  });
  assert.equal(leaseCounts(pool).open, 0);
});

test('a write through raw counts the rows Snowflake reports, with no rows of its own', async () => {
  assert.deepEqual(await run('raw', { sql: 'INSERT INTO "stock" ("SKU") VALUES (?), (?), (?)', params: ['A', 'B', 'C'] }), { rows: [], rowCount: 3 });
});

test('an abort while a select runs ends it at once, drops that session, and the pool answers again', async () => {
  const operation = connector.operations.select;
  assert.ok(operation !== undefined);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('too slow')), 200);
  const started = performance.now();
  const destroyedBefore = leaseCounts(pool).destroyed;
  await assert.rejects(operation.run(pool, operation.input.parse({ sql: "SELECT SYSTEM$WAIT(60, 'SECONDS') AS \"slept\"" }), testContext(controller.signal)), /too slow/);
  assert.ok(performance.now() - started < 5000);
  assert.equal(leaseCounts(pool).destroyed, destroyedBefore + 1);
  assert.equal(leaseCounts(pool).open, 0);
  assert.equal(((await run('select', { sql: 'SELECT id FROM numbers WHERE id <= ?', params: [2] })) as { rowCount: number }).rowCount, 2);
});
