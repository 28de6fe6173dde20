import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isZiggyError } from '../../core/index.ts';
import { leaseCounts } from '../../core/sql/index.ts';
import { sqlHelpers, testContext, uniqueName, type SqlContractFixtures } from './fixtures.ts';

type Batches = AsyncIterable<Array<Record<string, unknown>>>;

/** select and raw against the real server: results, streaming, early stops, aborts and errors. */
export function readCases<Client extends object>(fixtures: SqlContractFixtures<Client>): void {
  let client: Client;
  const { dialect, q, sql, run, input } = sqlHelpers(fixtures, () => client);
  const table = uniqueName('Ziggy "Raw"');
  before(async () => {
    client = await fixtures.openClient(3);
  });
  after(async () => {
    await sql(`DROP TABLE IF EXISTS ${q(table)}`);
    await fixtures.closeClient(client);
  });

  /** Every connection the operations borrowed went back. */
  const assertAllReturned = (on: Client = client): void => assert.equal(leaseCounts(on).open, 0, 'a connection is still checked out');

  describe('select', () => {
    test('without batchSize it returns rows, rowCount and fields, values passed as parameters', async () => {
      const result = await run('select', { sql: `SELECT ${dialect.placeholder(1)} AS name, 42 AS answer`, params: ["O'Brien"] });
      assert.ok(typeof result === 'object' && result !== null && 'rows' in result && 'fields' in result);
      assert.deepEqual(result.rows, [{ name: "O'Brien", answer: 42 }]);
      assert.equal('rowCount' in result && result.rowCount, 1);
      assert.deepEqual(
        (result.fields as Array<{ name: string; dataTypeID: number }>).map((field) => [field.name, typeof field.dataTypeID]),
        [['name', 'number'], ['answer', 'number']],
      );
      assertAllReturned();
    });

    test('a SQL error is a bad_input error that names the table, and the connection goes back', async () => {
      await assert.rejects(run('select', { sql: 'SELECT *\n  FROM ziggy_no_such_table' }), (error) => {
        assert.ok(isZiggyError(error));
        assert.equal(error.id, 'bad_input');
        assert.match(error.message, /ziggy_no_such_table/);
        return true;
      });
      assertAllReturned();
    });

    test('select runs exactly one statement', async () => {
      await assert.rejects(run('select', { sql: 'SELECT 1; SELECT 2' }), (error) => isZiggyError(error) && error.id === 'bad_input');
      assertAllReturned();
    });

    test('maxIterations without batchSize is refused by the input schema', () => {
      const result = input('select').safeParse({ sql: 'SELECT 1', maxIterations: 2 });
      assert.equal(result.success, false);
      assert.deepEqual(result.error?.issues[0]?.path, ['maxIterations']);
    });

    test('with batchSize it streams batches of at most batchSize rows to the end', async () => {
      const { text, values } = fixtures.series(25);
      const batches = (await run('select', { sql: text, params: values, batchSize: 10 })) as Batches;
      const sizes: number[] = [];
      const ids: unknown[] = [];
      for await (const batch of batches) {
        sizes.push(batch.length);
        ids.push(...batch.map((row) => Number(row.id)));
      }
      assert.deepEqual(sizes, [10, 10, 5]);
      assert.deepEqual(ids, Array.from({ length: 25 }, (_, index) => index + 1));
      assertAllReturned();
    });

    test('maxIterations stops after that many batches and gives the connection back', async () => {
      const { text, values } = fixtures.series(100);
      const batches = (await run('select', { sql: text, params: values, batchSize: 10, maxIterations: 3 })) as Batches;
      let rows = 0;
      for await (const batch of batches) rows += batch.length;
      assert.equal(rows, 30);
      assertAllReturned();
    });

    test('an early break gives the connection back, ready for the next query', async () => {
      const single = await fixtures.openClient(1);
      try {
        const { text, values } = fixtures.series(5000);
        const batches = (await run('select', { sql: text, params: values, batchSize: 10 }, testContext(), single)) as Batches;
        for await (const batch of batches) {
          assert.equal(batch.length, 10);
          assert.equal(leaseCounts(single).open, 1, 'the connection is checked out while the stream is open');
          break;
        }
        assertAllReturned(single);
        // The pool's one connection answers again: nothing is left half-read on it.
        assert.deepEqual(await run('select', { sql: 'SELECT 7 AS seven' }, testContext(), single).then((result) => (result as { rows: unknown }).rows), [
          { seven: 7 },
        ]);
      } finally {
        await fixtures.closeClient(single);
      }
    });

    test('a consumer that never iterates takes no connection', async () => {
      const { text, values } = fixtures.series(10);
      await run('select', { sql: text, params: values, batchSize: 5 });
      assertAllReturned();
    });

    test('a SQL error in a stream surfaces on the first batch and the connection goes back', async () => {
      const batches = (await run('select', { sql: 'SELECT * FROM ziggy_no_such_table', batchSize: 5 })) as Batches;
      await assert.rejects(async () => {
        for await (const batch of batches) assert.fail(`got a batch ${JSON.stringify(batch)}`);
      }, /ziggy_no_such_table/);
      assertAllReturned();
    });

    test('an abort between batches ends the stream with the abort reason and drops the connection', async () => {
      const controller = new AbortController();
      const { text, values } = fixtures.series(5000);
      const batches = (await run('select', { sql: text, params: values, batchSize: 10 }, testContext(controller.signal))) as Batches;
      const reason = new Error('run cancelled');
      const destroyedBefore = leaseCounts(client).destroyed;
      await assert.rejects(async () => {
        for await (const batch of batches) {
          assert.equal(batch.length, 10);
          controller.abort(reason);
        }
      }, reason);
      assert.equal(leaseCounts(client).destroyed, destroyedBefore + 1);
      assertAllReturned();
    });

    test('an abort while a slow streamed read runs ends it with the reason', async () => {
      const controller = new AbortController();
      const { text, values } = fixtures.sleep(10);
      const batches = (await run('select', { sql: text, params: values, batchSize: 5 }, testContext(controller.signal))) as Batches;
      const started = performance.now();
      setTimeout(() => controller.abort(new Error('too slow')), 200);
      await assert.rejects(async () => {
        for await (const batch of batches) assert.fail(`got a batch ${JSON.stringify(batch)}`);
      }, /too slow/);
      assert.ok(performance.now() - started < 8000, 'the read ended before the server finished sleeping');
      assertAllReturned();
    });

    test('an abort while a plain select runs ends it with the reason', async () => {
      const controller = new AbortController();
      const { text, values } = fixtures.sleep(10);
      const started = performance.now();
      setTimeout(() => controller.abort(new Error('too slow')), 200);
      await assert.rejects(run('select', { sql: text, params: values }, testContext(controller.signal)), /too slow/);
      assert.ok(performance.now() - started < 8000, 'the query ended before the server finished sleeping');
      assertAllReturned();
    });
  });

  describe('raw', () => {
    test("output 'rows' returns the rows of a query; with params it runs one statement", async () => {
      await run('raw', { sql: `CREATE TABLE ${q(table)} (n int)` });
      await run('raw', { sql: `INSERT INTO ${q(table)} VALUES (1), (2)` });
      assert.deepEqual(await run('raw', { sql: `SELECT n FROM ${q(table)} ORDER BY n` }), { rows: [{ n: 1 }, { n: 2 }], rowCount: 2 });
      const withParams = await run('raw', { sql: `UPDATE ${q(table)} SET n = n + ${dialect.placeholder(1)}`, params: [10] });
      assert.deepEqual(withParams, { rows: [], rowCount: 2 });
    });

    test('several statements without params: the last one is the answer', async () => {
      const result = (await run('raw', { sql: `UPDATE ${q(table)} SET n = n + 0; SELECT count(*) AS total FROM ${q(table)}` })) as {
        rows: Array<{ total: unknown }>;
        rowCount: number;
      };
      // count(*) is a bigint: a string from pg, a number from mysql2; the value is what counts.
      assert.deepEqual([result.rows.length, Number(result.rows[0]?.total), result.rowCount], [1, 2, 1]);
    });

    test("output 'passthrough' runs the statement and returns the input unchanged", async () => {
      const given = { orders: [{ id: 7 }], note: 'kept' };
      const result = await run('raw', { sql: `DELETE FROM ${q(table)} WHERE n = ${dialect.placeholder(1)}`, params: [11], output: 'passthrough', input: given });
      assert.equal(result, given);
      assert.deepEqual(await sql(`SELECT n FROM ${q(table)}`), [{ n: 12 }]);
    });

    test('a syntax error is a bad_input error that shows where', async () => {
      await assert.rejects(run('raw', { sql: 'SELECT 1 FROM\nSELEC 2' }), (error) => {
        assert.ok(isZiggyError(error));
        assert.equal(error.id, 'bad_input');
        assert.match(error.message, /SELEC 2/);
        assert.equal(error.details?.line, 2);
        return true;
      });
      assertAllReturned();
    });
  });
}
