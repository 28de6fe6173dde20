import assert from 'node:assert/strict';
import { it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buffer } from 'node:stream/consumers';
import { isZiggyError } from '../../core/index.ts';
import { fileHelpers, signal, type FileContractFixtures } from './fixtures.ts';

const orders = [
  { id: 1, customer: 'Ada, Ltd.', amount: 12.5, paid: true },
  { id: 2, customer: 'Bob "the" Builder', amount: 7, paid: false },
  { id: 3, customer: 'Zoë', amount: 0.25, paid: true },
];

export function blockCases<Client>(fixtures: FileContractFixtures<Client>): void {
  const { store, dir, readFile, readBatches, writeFile } = fileHelpers(fixtures);

  it('File Writer writes gzip-compressed CSV that File Reader reads back with typed columns', async () => {
    const path = `${dir('csv')}/orders.csv.gz`;
    const written = await writeFile({ path, rows: orders });
    assert.equal(written.rows, 3);
    const raw = gunzipSync(await buffer(await store().read(path, signal()))).toString('utf8');
    assert.equal(raw.split('\n')[0], 'id,customer,amount,paid');
    assert.equal(written.bytes, (await store().stat(path, signal()))?.size);
    const result = await readFile({ path, columns: { id: 'integer', amount: 'number', paid: 'boolean' } });
    assert.deepEqual(result.rows, orders);
    assert.equal(result.rowCount, 3);
    assert.equal(result.files[0]?.rows, 3);
    assert.equal(result.files[0]?.path, path);
  });

  it('round-trips NDJSON, a JSON array and text lines', async () => {
    const base = dir('formats');
    await writeFile({ path: `${base}/rows.ndjson`, rows: orders });
    assert.deepEqual((await readFile({ path: `${base}/rows.ndjson` })).rows, orders);
    await writeFile({ path: `${base}/rows.json`, rows: orders });
    assert.deepEqual((await readFile({ path: `${base}/rows.json` })).rows, orders);
    await writeFile({ path: `${base}/notes.txt`, rows: ['one', 'two'] });
    assert.deepEqual((await readFile({ path: `${base}/notes.txt` })).rows, [
      { line: 1, text: 'one' },
      { line: 2, text: 'two' },
    ]);
  });

  it('streams every file matching a pattern in batches that carry their file, and stops at maxBatches', async () => {
    const base = dir('batches');
    const many = Array.from({ length: 25 }, (_, index) => ({ n: String(index) }));
    await writeFile({ path: `${base}/a.csv`, rows: many });
    await writeFile({ path: `${base}/b.csv`, rows: many.slice(0, 5) });
    await writeFile({ path: `${base}/skip.txt`, rows: ['not csv'] });
    const batches = await readBatches({ path: `${base}/*.csv`, batchSize: 10 });
    assert.deepEqual(
      batches.map((batch) => [batch.file.name, batch.batch, batch.rows.length]),
      [
        ['a.csv', 1, 10],
        ['a.csv', 2, 10],
        ['a.csv', 3, 5],
        ['b.csv', 1, 5],
      ],
    );
    assert.deepEqual(batches[3]?.rows[4], { n: '4' });
    assert.equal(typeof batches[0]?.file.size, 'number');
    const first = await readBatches({ path: `${base}/`, format: 'csv', batchSize: 10, maxBatches: 2 });
    assert.equal(first.length, 2);
  });

  it('File Writer refuses to replace a file without overwrite and loses nothing', async () => {
    const path = `${dir('keep')}/out.ndjson`;
    await writeFile({ path, rows: [{ v: 1 }] });
    await assert.rejects(writeFile({ path, rows: [{ v: 2 }] }), (error) => isZiggyError(error) && error.id === 'file_exists' && /overwrite/.test(error.message));
    assert.deepEqual((await readFile({ path })).rows, [{ v: 1 }]);
    await writeFile({ path, rows: [{ v: 2 }], overwrite: true });
    assert.deepEqual((await readFile({ path })).rows, [{ v: 2 }]);
  });

  it('appends rows without a second header where the store can append, and says so where it cannot', async () => {
    const path = `${dir('append')}/log.csv`;
    await writeFile({ path, rows: [{ a: 1 }] });
    if (!store().canAppend) {
      await assert.rejects(writeFile({ path, rows: [{ a: 2 }], append: true }), /cannot add to a file/);
      return;
    }
    await writeFile({ path, rows: [{ a: 2 }], append: true });
    assert.deepEqual((await readFile({ path })).rows, [{ a: '1' }, { a: '2' }]);
  });

  it('names the file, line and column of a value that does not fit its type, and a missing file by path', async () => {
    const path = `${dir('bad')}/typed.csv`;
    await writeFile({ path, content: 'id,amount\n1,2.5\n2,lots\n' });
    await assert.rejects(readFile({ path, columns: { amount: 'number' } }), new RegExp(`${path}, line 3, column amount: "lots" is not a number`));
    await assert.rejects(readFile({ path: `${path}.missing.csv` }), (error) => isZiggyError(error) && error.id === 'not_found');
  });
}
