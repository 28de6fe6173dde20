import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isZiggyError } from '../../core/index.ts';
import { sqlHelpers, testContext, uniqueName, type SqlContractFixtures } from './fixtures.ts';

/** Edge mode against the real server: the input rows fill $$field tokens as bound parameters, batched, in one transaction. */
export function edgeCases<Client extends object>(fixtures: SqlContractFixtures<Client>): void {
  let client: Client;
  const { q, sql, run, tableRows } = sqlHelpers(fixtures, () => client);
  const table = uniqueName('Ziggy "Edge"');
  before(async () => {
    client = await fixtures.openClient(2);
    await sql(`CREATE TABLE ${q(table)} (id int PRIMARY KEY, status varchar(40) NOT NULL)`);
  });
  after(async () => {
    await sql(`DROP TABLE IF EXISTS ${q(table)}`);
    await fixtures.closeClient(client);
  });
  const seed = async (count: number): Promise<void> => {
    await sql(`DELETE FROM ${q(table)}`);
    await run('insert', { table, rows: Array.from({ length: count }, (_, index) => ({ id: index + 1, status: 'new' })) });
  };

  test('WHERE id IN $$id reads the rows the input names, in batches', async () => {
    await seed(10);
    const context = testContext();
    const result = await run('edge', { sql: `SELECT id FROM ${q(table)} WHERE id IN $$id ORDER BY id`, rows: [{ id: 2 }, { id: 5 }, { id: 9 }, { id: 99 }], batchSize: 3 }, context);
    assert.deepEqual(result, { rows: [{ id: 2 }, { id: 5 }, { id: 9 }], rowCount: 3, statements: 2 });
    assert.match(context.lines.join('\n'), /2 statement\(s\) for 4 rows/);
  });

  test('plain $$field tokens run one statement per row; values are bound, never text', async () => {
    await seed(3);
    const injection = "done'; DELETE FROM x; --";
    const rows = [
      { id: 1, status: injection },
      { id: 3, status: 'shipped' },
    ];
    const result = await run('edge', { sql: `UPDATE ${q(table)} SET status = $$status WHERE id = $$id`, rows });
    assert.deepEqual(result, { rows: [], rowCount: 2, statements: 2 });
    assert.deepEqual(await tableRows(table), [
      { id: 1, status: injection },
      { id: 2, status: 'new' },
      { id: 3, status: 'shipped' },
    ]);
  });

  test('a failing row rolls back the rows before it, and the error names the server message', async () => {
    await seed(3);
    await assert.rejects(run('edge', { sql: `UPDATE ${q(table)} SET status = $$status WHERE id = $$id`, rows: [{ id: 1, status: 'a' }, { id: 2, status: null }] }), (error) => {
      assert.ok(isZiggyError(error));
      assert.equal(error.id, 'bad_input');
      assert.match(error.message, /status/);
      return true;
    });
    assert.deepEqual((await tableRows(table)).map((row) => row.status), ['new', 'new', 'new']);
  });

  test('a row without a field the SQL uses, SQL without tokens, and mixed kinds are refused before anything is sent', async () => {
    await seed(2);
    await assert.rejects(run('edge', { sql: `DELETE FROM ${q(table)} WHERE id = $$id`, rows: [{ id: 1 }, { key: 2 }] }), /Row 2 has no field "id"/);
    await assert.rejects(run('edge', { sql: `DELETE FROM ${q(table)}`, rows: [{ id: 1 }] }), /no \$\$field token/);
    await assert.rejects(run('edge', { sql: `DELETE FROM ${q(table)} WHERE id IN $$id AND status = $$status`, rows: [{ id: 1, status: 'new' }] }), /mixes IN \$\$field lists/);
    assert.equal((await tableRows(table)).length, 2);
    assert.deepEqual(await run('edge', { sql: `DELETE FROM ${q(table)} WHERE id IN $$id`, rows: [] }), { rows: [], rowCount: 0, statements: 0 });
  });
}
