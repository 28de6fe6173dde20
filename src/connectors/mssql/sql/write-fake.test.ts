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

// The SQL Block's writes through the real driver adapter and mssql.Transaction, against the TDS fake: what is sent, in which transaction.
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

const run = (name: string, params: unknown) => {
  const operation = connector.operations[name];
  assert.ok(operation !== undefined);
  return operation.run(pool, operation.input.parse(params), testContext());
};

/** What the fake was sent since `from`, without the session settings and pool checks every connection sends. */
const sentSince = (from: number): string[] => fake.statements.slice(from).filter((sql) => !/^(set |SELECT 1;)/.test(sql));

test('insert sends batched INSERTs with @pN placeholders inside one transaction', async () => {
  const from = fake.statements.length;
  const rows = [{ SKU: 'A', qty: 1 }, { SKU: 'B', qty: 2 }, { SKU: 'C', qty: 3 }];
  assert.deepEqual(await run('insert', { table: 'stock', rows, batchSize: 2 }), { inserted: 3 });
  assert.deepEqual(sentSince(from), [
    'BEGIN TRANSACTION',
    'INSERT INTO [stock] ([SKU], [qty]) VALUES (@p1, @p2), (@p3, @p4)',
    'INSERT INTO [stock] ([SKU], [qty]) VALUES (@p1, @p2)',
    'COMMIT TRANSACTION',
  ]);
  assert.equal(leaseCounts(pool).open, 0);
});

test('upsert sends one MERGE … WITH (HOLDLOCK) per batch and counts what the server reports', async () => {
  const from = fake.statements.length;
  const result = await run('upsert', { table: 'stock', rows: [{ SKU: 'A', qty: 5 }, { SKU: 'D', qty: 4 }], conflictColumns: ['SKU'] });
  assert.deepEqual(result, { upserted: 2 });
  const [begin, merge, commit] = sentSince(from);
  assert.deepEqual([begin, commit], ['BEGIN TRANSACTION', 'COMMIT TRANSACTION']);
  assert.match(merge ?? '', /^MERGE INTO \[stock\] WITH \(HOLDLOCK\) AS \[target\]\nUSING \(VALUES \(@p1, @p2\), \(@p3, @p4\)\) AS \[source\]/);
});

test('a failing batch rolls the transaction back and names the error number and column', async () => {
  const from = fake.statements.length;
  const rows = [{ SKU: 'A', qty: 1 }, { SKU: 'B', qty: null }];
  await assert.rejects(run('insert', { table: 'stock', rows, batchSize: 1 }), (error) => {
    assert.ok(isZiggyError(error));
    assert.match(error.message, /\(SQL Server error 515\)/);
    assert.equal(error.details?.column, 'qty');
    return true;
  });
  assert.deepEqual(sentSince(from).at(-1), 'ROLLBACK TRANSACTION');
  assert.ok(!sentSince(from).includes('COMMIT TRANSACTION'));
  assert.equal(leaseCounts(pool).open, 0);
});
