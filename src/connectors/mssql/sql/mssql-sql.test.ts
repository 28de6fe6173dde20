import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isZiggyError } from '../../../core/index.ts';
import { rowsPerStatement } from '../../../core/sql/index.ts';
import connector from '../index.ts';
import { mssqlDialect } from './dialect.ts';
import { mssqlFailure } from './errors.ts';

const quote = (name: string): string => mssqlDialect.quoteIdentifier(name);

test('names are bracket-quoted with ] doubled, so no name can break out', () => {
  assert.equal(quote('Order Items'), '[Order Items]');
  assert.equal(quote('a]b'), '[a]]b]');
  assert.equal(quote('x]; DROP TABLE t; --'), '[x]]; DROP TABLE t; --]');
  assert.equal(mssqlDialect.identifierProblem('x'.repeat(128)), undefined);
  assert.match(mssqlDialect.identifierProblem('x'.repeat(129)) ?? '', /128/);
  assert.match(mssqlDialect.identifierProblem('a\0b') ?? '', /NUL/);
});

test('placeholders are @p1, @p2 …', () => {
  assert.deepEqual([1, 2, 10].map((position) => mssqlDialect.placeholder(position)), ['@p1', '@p2', '@p10']);
});

test('batches stay under 2,100 parameters with a margin, and under 1,000 rows per INSERT', () => {
  assert.ok(mssqlDialect.maxParameters < 2100);
  assert.equal(rowsPerStatement(mssqlDialect, 500, 5), 400);
  assert.equal(rowsPerStatement(mssqlDialect, 20_000, 1), 1000);
  assert.equal(rowsPerStatement(mssqlDialect, 20_000, 3), 666);
  assert.equal(rowsPerStatement(mssqlDialect, 10, 5000), 1);
});

const insert = { target: '[dbo].[Stock]', columns: ['SKU', 'warehouse', 'qty'], rows: [['@p1', '@p2', '@p3'], ['@p4', '@p5', '@p6']] };

test('upsert is one MERGE … WITH (HOLDLOCK) over the batch as a VALUES source', () => {
  assert.equal(
    mssqlDialect.upsertStatement?.(insert, { columns: ['SKU', 'warehouse'], update: ['qty'] }),
    [
      'MERGE INTO [dbo].[Stock] WITH (HOLDLOCK) AS [target]',
      'USING (VALUES (@p1, @p2, @p3), (@p4, @p5, @p6)) AS [source] ([SKU], [warehouse], [qty])',
      'ON [target].[SKU] = [source].[SKU] AND [target].[warehouse] = [source].[warehouse]',
      'WHEN MATCHED THEN UPDATE SET [target].[qty] = [source].[qty]',
      'WHEN NOT MATCHED THEN INSERT ([SKU], [warehouse], [qty]) VALUES ([source].[SKU], [source].[warehouse], [source].[qty]);',
    ].join('\n'),
  );
});

test('an upsert that only writes the conflict columns has no WHEN MATCHED, so existing rows are kept and not counted', () => {
  const text = mssqlDialect.upsertStatement?.(insert, { columns: ['SKU', 'warehouse', 'qty'], update: [] }) ?? '';
  assert.doesNotMatch(text, /WHEN MATCHED/);
  assert.equal(mssqlDialect.upsertedRows({ rows: [], affected: 1, fields: [] }, 2, { columns: ['SKU'], update: [] }), 1);
});

test('a MERGE row without a field (DEFAULT) is refused, as MERGE cannot apply a default', () => {
  assert.throws(() => mssqlDialect.upsertStatement?.({ ...insert, rows: [['@p1', 'DEFAULT', '@p2']] }, { columns: ['SKU'], update: ['qty'] }), (error) => {
    assert.ok(isZiggyError(error));
    assert.equal(error.id, 'bad_input');
    return true;
  });
});

test('returning is refused, saying why', () => {
  const operation = connector.operations.insert;
  assert.ok(operation !== undefined);
  const result = operation.input.safeParse({ table: 't', rows: [{ id: 1 }], returning: ['id'] });
  assert.deepEqual(result.error?.issues.map((issue) => issue.path), [['returning']]);
});

test('a server error becomes bad_input naming the error number, the line and the column', () => {
  const error = Object.assign(new Error("Cannot insert the value NULL into column 'qty', table 'db.dbo.t'; column does not allow nulls. INSERT fails."), {
    number: 515,
    lineNumber: 2,
  });
  const failure = mssqlFailure(error, 'INSERT INTO t (qty)\nVALUES (@p1)');
  assert.ok(isZiggyError(failure));
  assert.equal(failure.message, `Cannot insert the value NULL into column 'qty', table 'db.dbo.t'; column does not allow nulls. INSERT fails (SQL Server error 515): line 2, "VALUES (@p1)".`);
  assert.deepEqual(failure.details, { number: 515, line: 2, column: 'qty' });
  const dropped = new Error('Connection lost');
  assert.equal(mssqlFailure(dropped, 'SELECT 1'), dropped);
});
