import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type mssql from 'mssql';
import { isZiggyError } from '../../../core/index.ts';
import { leaseCounts } from '../../../core/sql/index.ts';
import { testContext } from '../../sql-contract/index.ts';
import { startFakeServer } from '../fake-server.ts';
import connector from '../index.ts';
import { mssqlSchema } from '../schema.ts';
import type { TdsFake } from '../tds-fake.ts';

// The SQL Block's select through the real driver adapter, against the TDS fake (the full SQL contract suite runs in live.test.ts).
let fake: TdsFake;
let pool: mssql.ConnectionPool;
before(async () => {
  const server = await startFakeServer();
  fake = server.fake;
  pool = await connector.createClient(mssqlSchema.parse({ ...server.config, pool: { max: 1 } }));
});
after(async () => {
  await connector.closeClient(pool);
  await fake.close();
});

const select = (params: unknown) => {
  const operation = connector.operations.select;
  assert.ok(operation !== undefined);
  return operation.run(pool, operation.input.parse(params), testContext());
};

test('select binds params as @p1 and returns rows, rowCount and fields with TDS type codes', async () => {
  const result = await select({ sql: 'SELECT id FROM numbers WHERE id <= @p1', params: [3] });
  assert.deepEqual(result, { rows: [{ id: 1 }, { id: 2 }, { id: 3 }], rowCount: 3, fields: [{ name: 'id', dataTypeID: 0x38 }] });
  assert.equal(leaseCounts(pool).open, 0);
});

test('select with batchSize streams batches to the end, and an early break leaves the one connection usable', async () => {
  const batches = (await select({ sql: 'SELECT id FROM numbers WHERE id <= @p1', params: [25], batchSize: 10 })) as AsyncIterable<unknown[]>;
  const sizes: number[] = [];
  for await (const batch of batches) sizes.push(batch.length);
  assert.deepEqual(sizes, [10, 10, 5]);
  const again = (await select({ sql: 'SELECT id FROM numbers WHERE id <= @p1', params: [500], batchSize: 10 })) as AsyncIterable<unknown[]>;
  for await (const batch of again) {
    assert.equal(batch.length, 10);
    break;
  }
  assert.equal(leaseCounts(pool).open, 0);
  assert.equal(((await select({ sql: 'SELECT id FROM numbers WHERE id <= @p1', params: [1] })) as { rowCount: number }).rowCount, 1);
});

test('a server error is a bad_input error naming the SQL Server error number', async () => {
  await assert.rejects(select({ sql: 'SELECT * FROM ziggy_no_such_table' }), (error) => {
    assert.ok(isZiggyError(error));
    assert.equal(error.id, 'bad_input');
    assert.match(error.message, /\(SQL Server error 208\)/);
    return true;
  });
  assert.equal(leaseCounts(pool).open, 0);
});

test('an abort while a select runs cancels it on the server (ATTENTION) and the one connection answers again', async () => {
  const operation = connector.operations.select;
  assert.ok(operation !== undefined);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('too slow')), 200);
  const started = performance.now();
  await assert.rejects(operation.run(pool, operation.input.parse({ sql: "WAITFOR DELAY '00:01:00'" }), testContext(controller.signal)), /too slow/);
  assert.ok(performance.now() - started < 2000);
  assert.equal(leaseCounts(pool).open, 0);
  assert.equal(((await select({ sql: 'SELECT id FROM numbers WHERE id <= @p1', params: [2] })) as { rowCount: number }).rowCount, 2);
  assert.ok(fake.statements.includes('ATTENTION'));
});
