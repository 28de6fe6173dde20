import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isZiggyError } from '../errors.ts';
import { readRecords, type ReadSettings } from './read-records.ts';
import { fileBody, type WriteLayout } from './write-body.ts';

const settings = (path: string, format: ReadSettings['format'], more: Partial<ReadSettings> = {}): ReadSettings => ({
  path,
  format,
  compression: 'auto',
  encoding: 'utf8',
  delimiter: undefined,
  quote: '"',
  header: true,
  columns: undefined,
  ...more,
});

async function rows(bytes: Buffer | string, read: ReadSettings): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const group of readRecords(Readable.from([Buffer.from(bytes)]), read)) all.push(...group);
  return all;
}

const layout = (path: string, format: WriteLayout['format'], more: Partial<WriteLayout> = {}): WriteLayout => ({
  path,
  format,
  gzip: false,
  encoding: 'utf8',
  delimiter: ',',
  quote: '"',
  header: true,
  columns: undefined,
  ...more,
});

const written = async (source: Parameters<typeof fileBody>[0], how: WriteLayout) => (await buffer(fileBody(source, how))).toString('utf8');

describe('reading records', () => {
  it('reads tab-separated .tsv files, quoted fields with delimiters and line breaks, and a byte-order mark', async () => {
    assert.deepEqual(await rows('a\tb\n1\t"x\ty"\n', settings('t.tsv', 'csv')), [{ a: '1', b: 'x\ty' }]);
    assert.deepEqual(await rows('\ufeffa,b\n"one, two","line\nbreak"\n', settings('q.csv', 'csv')), [{ a: 'one, two', b: 'line\nbreak' }]);
    assert.deepEqual(await rows('1,2\n3,4\n', settings('h.csv', 'csv', { header: false })), [['1', '2'], ['3', '4']]);
  });

  it('decodes latin1 text', async () => {
    assert.deepEqual(await rows(Buffer.from('name\nZoë\n', 'latin1'), settings('l.csv', 'csv', { encoding: 'latin1' })), [{ name: 'Zoë' }]);
  });

  it('unzips gzip found by its first bytes even without a .gz name, and says when it is not gzip after all', async () => {
    assert.deepEqual(await rows(gzipSync('{"a":1}\n{"a":2}\n'), settings('rows.ndjson', 'ndjson')), [{ a: 1 }, { a: 2 }]);
    await assert.rejects(rows('plain', settings('rows.ndjson.gz', 'ndjson')), /rows\.ndjson\.gz is not valid gzip.*compression: 'none'/);
  });

  it('names the line of a bad NDJSON value and the file of a CSV with a stray quote', async () => {
    await assert.rejects(rows('{"a":1}\n{oops}\n', settings('bad.ndjson', 'ndjson')), /bad\.ndjson, line 2: not a JSON value/);
    await assert.rejects(rows('a,b\n1,"2\n', settings('bad.csv', 'csv')), (error) => isZiggyError(error) && error.id === 'bad_input' && /^bad\.csv: /.test(error.message));
  });

  it('streams the elements of a JSON array and refuses a file that is not one', async () => {
    assert.deepEqual(await rows('[{"a":1}, 2, "three"]', settings('x.json', 'json')), [{ a: 1 }, 2, 'three']);
    await assert.rejects(rows('{"a":1}', settings('object.json', 'json')), /object\.json is not one JSON array/);
    await assert.rejects(rows('[1, 2', settings('cut.json', 'json')), /cut\.json is not one JSON array/);
  });

  it('gives text as numbered lines and bytes as 64 KiB base64 chunks', async () => {
    assert.deepEqual(await rows('one\r\ntwo\n', settings('n.txt', 'text')), [{ line: 1, text: 'one' }, { line: 2, text: 'two' }]);
    const bytes = Buffer.alloc(70 * 1024, 7);
    const chunks = await rows(bytes, settings('b.bin', 'bytes', { compression: 'none' }));
    assert.deepEqual(chunks.map((chunk) => Reflect.get(Object(chunk), 'offset')), [0, 65536]);
    assert.equal(Buffer.concat(chunks.map((chunk) => Buffer.from(String(Reflect.get(Object(chunk), 'base64')), 'base64'))).equals(bytes), true);
  });

  it('names file, line and column of a typed value that does not fit', async () => {
    await assert.rejects(rows('d,ok\nnot a day,yes\n', settings('t.csv', 'csv', { columns: { d: 'date' } })), /t\.csv, line 2, column d: "not a day" is not a date/);
    assert.deepEqual(await rows('n,ok\n,yes\n', settings('t.csv', 'csv', { columns: { n: 'integer', ok: 'boolean' } })), [{ n: null, ok: true }]);
    await assert.rejects(rows('ok\nconstructor\n', settings('t.csv', 'csv', { columns: { ok: 'boolean' } })), /line 2, column ok: "constructor" is not a boolean/);
  });

  it('converts typed columns in every record across many chunks, and leaves header-less records as text arrays', async () => {
    const lines = Array.from({ length: 20_000 }, (_, index) => `${index},${index % 2 === 0 ? 'Yes' : 'no'},${index / 4}`);
    const whole = Buffer.from(`id,paid,amount\n${lines.join('\n')}\n`);
    const chunks = Array.from({ length: Math.ceil(whole.length / 4096) }, (_, index) => whole.subarray(index * 4096, (index + 1) * 4096));
    const all: unknown[] = [];
    for await (const group of readRecords(Readable.from(chunks), settings('many.csv', 'csv', { columns: { id: 'integer', paid: 'boolean', amount: 'number' } }))) all.push(...group);
    assert.equal(all.length, 20_000);
    assert.deepEqual(all[19_999], { id: 19_999, paid: false, amount: 4999.75 });
    assert.ok(all.every((row, index) => Reflect.get(Object(row), 'id') === index));
    assert.deepEqual(await rows('1,2\n', settings('h.csv', 'csv', { header: false, columns: { a: 'integer' } })), [['1', '2']]);
  });
});

describe('writing files', () => {
  it('writes CSV with every key in the order first seen, quoting what needs it, dates as ISO text', async () => {
    const text = await written({ rows: [{ a: 'x,y' }, { b: new Date('2026-12-04T00:00:00Z'), a: 'say "hi"' }] }, layout('o.csv', 'csv'));
    assert.equal(text, 'a,b\n"x,y",\n"say ""hi""",2026-12-04T00:00:00.000Z\n');
  });

  it('refuses a CSV row that is not an object, naming it', async () => {
    assert.throws(() => fileBody({ rows: [{ a: 1 }, 'text'] }, layout('o.csv', 'csv')), /rows\[1\]: a CSV row is an object/);
  });

  it('writes a JSON array, NDJSON and text lines, and gzip when asked', async () => {
    assert.deepEqual(JSON.parse(await written({ rows: [1, { a: 2 }] }, layout('o.json', 'json'))), [1, { a: 2 }]);
    assert.equal(await written({ rows: [] }, layout('o.json', 'json')), '[]\n');
    assert.equal(await written({ rows: [{ a: 1 }, null] }, layout('o.ndjson', 'ndjson')), '{"a":1}\nnull\n');
    const zipped = await buffer(fileBody({ rows: ['one'] }, layout('o.txt.gz', 'text', { gzip: true })));
    assert.equal(zipped[0], 0x1f);
    assert.deepEqual(await rows(zipped, settings('o.txt.gz', 'text')), [{ line: 1, text: 'one' }]);
  });

  it('writes CSV in latin1 when asked', async () => {
    assert.equal((await buffer(fileBody({ rows: [{ name: 'Zoë' }] }, layout('o.csv', 'csv', { encoding: 'latin1' })))).toString('latin1'), 'name\nZoë\n');
  });
});
