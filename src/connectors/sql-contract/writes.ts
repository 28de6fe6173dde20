import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isZiggyError } from '../../core/index.ts';
import { leaseCounts, rowsPerStatement } from '../../core/sql/index.ts';
import { sqlHelpers, testContext, uniqueName, type SqlContractFixtures } from './fixtures.ts';

const injection = "'); DROP TABLE x; --";

/** insert, upsert, update and delete against the real server: quoting, batching, transactions and refusals. */
export function writeCases<Client extends object>(fixtures: SqlContractFixtures<Client>): void {
  let client: Client;
  const { dialect, q, sql, run, input, tableRows } = sqlHelpers(fixtures, () => client);
  // Upper case, spaces and a double quote in the names; a column named with a reserved word.
  const items = uniqueName('Order "Items"');
  const wide = uniqueName('ziggy wide');
  const stock = uniqueName('Ziggy "Stock"');
  const people = uniqueName('Ziggy "People"');
  const orders = uniqueName('Ziggy "Orders"');
  const tables = [items, wide, stock, people, orders];

  before(async () => {
    client = await fixtures.openClient(3);
    await sql(`CREATE TABLE ${q(items)} (id int PRIMARY KEY, ${q('select')} varchar(200), qty int NOT NULL, note varchar(20) DEFAULT 'none')`);
    await sql(`CREATE TABLE ${q(wide)} (a int, b varchar(20), c int, d varchar(20), e int)`);
    await sql(`CREATE TABLE ${q(stock)} (${q('SKU')} varchar(20), warehouse varchar(20), qty int, label varchar(200), PRIMARY KEY (${q('SKU')}, warehouse))`);
    await sql(`CREATE TABLE ${q(people)} (${q('Id')} int, region varchar(10), ${q('select')} varchar(200), age int CHECK (age >= 0))`);
    await sql(`CREATE TABLE ${q(orders)} (id int, ${q('Status')} varchar(10), ${q('select')} varchar(10))`);
  });
  after(async () => {
    for (const table of tables) await sql(`DROP TABLE IF EXISTS ${q(table)}`);
    await fixtures.closeClient(client);
  });

  const empty = (table: string): Promise<unknown> => sql(`DELETE FROM ${q(table)}`);
  const assertAllReturned = (): void => assert.equal(leaseCounts(client).open, 0, 'a connection is still checked out');

  describe('insert', () => {
    test('quoted names work, values go in verbatim, a missing field takes the default and null stays null', async () => {
      await empty(items);
      const rows = [
        { id: 1, select: injection, qty: 9 },
        { id: 2, select: null, qty: 1, note: 'given' },
      ];
      assert.deepEqual(await run('insert', { table: items, rows }), { inserted: 2 });
      assert.deepEqual(await tableRows(items), [
        { id: 1, select: injection, qty: 9, note: 'none' },
        { id: 2, select: null, qty: 1, note: 'given' },
      ]);
    });

    test(dialect.supportsReturning ? 'returning gives back the written columns' : 'returning is refused, saying why', async () => {
      await empty(items);
      const params = { table: items, rows: [{ id: 5, qty: 1 }], returning: ['id', 'note'] };
      if (dialect.supportsReturning) {
        assert.deepEqual(await run('insert', params), { inserted: 1, rows: [{ id: 5, note: 'none' }] });
      } else {
        const result = input('insert').safeParse(params);
        assert.deepEqual(result.error?.issues.map((issue) => issue.path), [['returning']]);
        assert.match(result.error?.issues[0]?.message ?? '', /RETURNING/);
      }
    });

    test('columns maps row fields to columns and ignores the fields it does not name', async () => {
      await empty(items);
      const result = await run('insert', { table: items, rows: [{ key: 3, word: 'from', count: 3, ignored: 'x' }], columns: { key: 'id', word: 'select', count: 'qty' } });
      assert.deepEqual(result, { inserted: 1 });
      assert.deepEqual(await tableRows(items), [{ id: 3, select: 'from', qty: 3, note: 'none' }]);
    });

    test('a column name that tries to break out of its quotes is just a column that does not exist', async () => {
      await empty(items);
      const hostile = `note") VALUES (1); DROP TABLE ${items}; --\``;
      await assert.rejects(run('insert', { table: items, rows: [{ id: 1, qty: 1, [hostile]: 'x' }] }), (error) => {
        assert.ok(isZiggyError(error));
        assert.equal(error.id, 'bad_input');
        return true;
      });
      assert.deepEqual(await tableRows(items), []);
    });

    test('two fields mapped to one column are refused before anything is sent', async () => {
      await assert.rejects(run('insert', { table: items, rows: [{ a: 1, b: 2 }], columns: { a: 'note', b: 'note' } }), /columns maps both "a" and "b" to column "note"/);
    });

    test('the batch shrinks to stay under the parameter limit', () => {
      assert.equal(rowsPerStatement(dialect, 500, 5), 500);
      assert.equal(rowsPerStatement(dialect, 20_000, 5), Math.floor(dialect.maxParameters / 5));
      assert.equal(rowsPerStatement(dialect, 10, 100_000), 1);
    });

    test('20,000 rows × 5 columns in one call are written in batches under the parameter limit', async () => {
      const rows = Array.from({ length: 20_000 }, (_, index) => ({ a: index, b: `b${index}`, c: index * 2, d: `d${index}`, e: -index }));
      const context = testContext();
      assert.deepEqual(await run('insert', { table: wide, rows, batchSize: 20_000 }, context), { inserted: 20_000 });
      const perStatement = Math.floor(dialect.maxParameters / 5);
      assert.match(context.lines.join('\n'), new RegExp(`in ${Math.ceil(20_000 / perStatement)} statement\\(s\\) of up to ${perStatement} rows`));
      const [check] = await sql(`SELECT count(*) AS count, sum(c) AS total FROM ${q(wide)}`);
      assert.deepEqual([Number(check?.count), Number(check?.total)], [20_000, 20_000 * 19_999]);
    });

    test('a failing row rolls back every batch: nothing is inserted', async () => {
      await empty(items);
      const rows = Array.from({ length: 1000 }, (_, index) => ({ id: index, select: `row ${index}`, qty: index === 750 ? 'not a number' : index }));
      await assert.rejects(run('insert', { table: items, rows, batchSize: 100 }), (error) => isZiggyError(error) && /not a number/.test(error.message));
      assert.deepEqual(await tableRows(items), []);
      assertAllReturned();
    });

    test('a NOT NULL violation names the column', async () => {
      await assert.rejects(run('insert', { table: items, rows: [{ id: 1, select: 'x', qty: null }] }), (error) => {
        assert.ok(isZiggyError(error));
        assert.match(error.message, /qty/);
        return true;
      });
    });

    test('no rows is a no-op; rows without fields are refused', async () => {
      assert.deepEqual(await run('insert', { table: items, rows: [] }), { inserted: 0 });
      await assert.rejects(run('insert', { table: items, rows: [{}] }), /no fields/);
    });

    test('names the server could not hold are refused by the input schema', () => {
      assert.equal(input('insert').safeParse({ table: 'a\0b', rows: [] }).success, false);
      // The dialect's own length limit (63 bytes for Postgres, 64 characters for MySQL, 128 for SQL Server).
      const tooLong = Array.from({ length: 1000 }, (_, index) => index + 1).find((length) => fixtures.driver.dialect.identifierProblem('x'.repeat(length)) !== undefined);
      assert.ok(tooLong !== undefined, 'the dialect sets no length limit on names');
      assert.equal(input('insert').safeParse({ table: 'x'.repeat(tooLong), rows: [] }).success, false);
      assert.equal(input('insert').safeParse({ table: 'x'.repeat(tooLong - 1), rows: [] }).success, true);
      assert.equal(input('insert').safeParse({ table: 'x', rows: [[1, 2]] }).success, false);
    });
  });

  describe('upsert', () => {
    const seed = async (): Promise<void> => {
      await empty(stock);
      await sql(`INSERT INTO ${q(stock)} VALUES ('A', 'north', 1, 'old a'), ('B', 'north', 2, 'old b')`);
    };
    const conflictColumns = ['SKU', 'warehouse'];

    test('existing rows are updated, new rows inserted, on a composite conflict key', async () => {
      await seed();
      const rows = [
        { SKU: 'A', warehouse: 'north', qty: 10, label: 'new a' },
        { SKU: 'C', warehouse: 'north', qty: 30, label: injection },
      ];
      assert.deepEqual(await run('upsert', { table: stock, rows, conflictColumns, batchSize: 1 }), { upserted: 2 });
      assert.deepEqual(await run('upsert', { table: stock, rows, conflictColumns }), { upserted: 2 }, 'rows written again with the same values still count');
      assert.deepEqual(await tableRows(stock), [
        { SKU: 'A', warehouse: 'north', qty: 10, label: 'new a' },
        { SKU: 'B', warehouse: 'north', qty: 2, label: 'old b' },
        { SKU: 'C', warehouse: 'north', qty: 30, label: injection },
      ]);
    });

    test('updateColumns limits what an existing row gets overwritten with', async () => {
      await seed();
      await run('upsert', {
        table: stock,
        rows: [{ sku: 'B', where: 'north', count: 20, text: 'ignored label' }],
        columns: { sku: 'SKU', where: 'warehouse', count: 'qty', text: 'label' },
        conflictColumns,
        updateColumns: ['qty'],
      });
      assert.deepEqual((await tableRows(stock))[1], { SKU: 'B', warehouse: 'north', qty: 20, label: 'old b' });
    });

    test('when only conflict columns are written, existing rows are left alone and not counted', async () => {
      await seed();
      const rows = [
        { SKU: 'A', warehouse: 'north' },
        { SKU: 'D', warehouse: 'south' },
      ];
      assert.deepEqual(await run('upsert', { table: stock, rows, conflictColumns }), { upserted: 1 });
      assert.equal((await tableRows(stock)).length, 3);
    });

    test('updateColumns or conflictColumns naming a column the rows do not write is refused', async () => {
      await assert.rejects(
        run('upsert', { table: stock, rows: [{ SKU: 'A', warehouse: 'north' }], conflictColumns, updateColumns: ['qty'] }),
        /updateColumns names "qty", which the rows do not write/,
      );
      await assert.rejects(run('upsert', { table: stock, rows: [{ SKU: 'A', qty: 1 }], conflictColumns }), /conflictColumns names "warehouse"/);
    });

    test('conflictColumns is required', () => {
      const result = input('upsert').safeParse({ table: stock, rows: [] });
      assert.deepEqual(result.error?.issues.map((issue) => issue.path), [['conflictColumns']]);
    });
  });

  describe('update', () => {
    const seed = async (): Promise<void> => {
      await empty(people);
      await sql(`INSERT INTO ${q(people)} VALUES (1, 'eu', 'a', 30), (2, 'eu', 'b', 40), (2, 'us', 'c', 50)`);
    };
    const ages = async (): Promise<unknown[]> => (await tableRows(people)).map((row) => row.age).sort();

    test('each row is updated by its key; fields a row lacks are left alone; values are stored verbatim', async () => {
      await seed();
      const rows = [{ Id: 1, select: injection }, { Id: 2, age: 41 }, { Id: 99, age: 1 }];
      assert.deepEqual(await run('update', { table: people, rows, key: 'Id' }), { updated: 3 });
      const sorted = (await tableRows(people)).sort((a, b) => String(a.region).localeCompare(String(b.region)) || Number(a.Id) - Number(b.Id));
      assert.deepEqual(sorted, [
        { Id: 1, region: 'eu', select: injection, age: 30 },
        { Id: 2, region: 'eu', select: 'b', age: 41 },
        { Id: 2, region: 'us', select: 'c', age: 41 },
      ]);
    });

    test('a composite key through a column mapping updates just the matching row', async () => {
      await seed();
      const params = { table: people, rows: [{ personId: 2, area: 'us', years: 51 }], key: ['Id', 'region'], columns: { personId: 'Id', area: 'region', years: 'age' } };
      assert.deepEqual(await run('update', params), { updated: 1 });
      assert.deepEqual(await ages(), [30, 40, 51]);
    });

    test('a row without its key value is refused before anything is sent', async () => {
      await seed();
      await assert.rejects(run('update', { table: people, rows: [{ Id: 1, age: 5 }, { age: 6 }], key: 'Id' }), /Row 2 has no value for key column "Id"/);
      await assert.rejects(run('update', { table: people, rows: [{ Id: null, age: 6 }], key: 'Id' }), /Row 1 has no value for key column "Id"/);
      await assert.rejects(run('update', { table: people, rows: [{ Id: 1 }], key: 'Id' }), /Row 1 has no field to set/);
      assert.deepEqual(await ages(), [30, 40, 50]);
    });

    test('a failing row rolls back the rows before it', async () => {
      await seed();
      await assert.rejects(run('update', { table: people, rows: [{ Id: 1, age: 31 }, { Id: 2, age: -1 }], key: 'Id' }), (error) => isZiggyError(error) && /age|constraint/i.test(error.message));
      assert.deepEqual(await ages(), [30, 40, 50]);
      assertAllReturned();
    });
  });

  describe('delete', () => {
    const seed = async (): Promise<void> => {
      await empty(orders);
      await sql(`INSERT INTO ${q(orders)} VALUES (1, 'open', 'a'), (2, 'done', 'b'), (3, 'done', NULL), (4, 'open', NULL)`);
    };
    const ids = async (): Promise<unknown[]> => (await tableRows(orders)).map((row) => row.id);

    test('where { column: value } deletes the rows where all match; null matches IS NULL', async () => {
      await seed();
      assert.deepEqual(await run('delete', { table: orders, where: { Status: 'done', select: null } }), { deleted: 1 });
      assert.deepEqual(await ids(), [1, 2, 4]);
    });

    test('where { key, rows } deletes the given rows by their key', async () => {
      await seed();
      assert.deepEqual(await run('delete', { table: orders, where: { key: 'id', rows: [{ id: 1 }, { id: 4 }, { id: 99 }] } }), { deleted: 2 });
      assert.deepEqual(await ids(), [2, 3]);
    });

    test('an injection attempt in a value matches nothing and deletes nothing', async () => {
      await seed();
      assert.deepEqual(await run('delete', { table: orders, where: { Status: "open' OR '1'='1" } }), { deleted: 0 });
      assert.deepEqual(await ids(), [1, 2, 3, 4]);
    });

    test('a missing or empty where is refused, and nothing is deleted', async () => {
      await seed();
      const schema = input('delete');
      assert.match(schema.safeParse({ table: orders }).error?.issues[0]?.message ?? '', /needs a where/);
      assert.match(schema.safeParse({ table: orders, where: {} }).error?.issues[0]?.message ?? '', /needs a where/);
      const badKey = schema.safeParse({ table: orders, where: { key: [], rows: [{ id: 1 }] } });
      assert.match(JSON.stringify(badKey.error?.issues), /where.rows goes with key/, 'a malformed { key, rows } is not read as columns');
      // Even when a caller skips the input schema, no DELETE without WHERE is built.
      const operation = fixtures.operations.delete;
      assert.ok(operation !== undefined);
      await assert.rejects(operation.run(client, { table: orders, where: {} }, testContext()), /Deleting without a condition is refused/);
      assert.deepEqual(await ids(), [1, 2, 3, 4]);
    });

    test('a key row without its key value is refused before anything is deleted', async () => {
      await seed();
      await assert.rejects(run('delete', { table: orders, where: { key: 'id', rows: [{ id: 1 }, { other: 2 }] } }), /Row 2 has no value for key column "id"/);
      assert.deepEqual(await ids(), [1, 2, 3, 4]);
    });
  });
}
