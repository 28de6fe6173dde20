import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isZiggyError } from '../../../core/index.ts';
import { rowsPerStatement } from '../../../core/sql/index.ts';
import connector from '../index.ts';
import { snowflakeDialect } from './dialect.ts';
import { snowflakeFailure } from './errors.ts';
import { snowflakeTypeCode } from './type-codes.ts';

const quote = (name: string): string => snowflakeDialect.quoteIdentifier(name);

test('names are double-quoted with " doubled, so no name can break out', () => {
  assert.equal(quote('Order Items'), '"Order Items"');
  assert.equal(quote('a"b'), '"a""b"');
  assert.equal(quote('x"; DROP TABLE t; --'), '"x""; DROP TABLE t; --"');
});

test('names are at most 255 characters and hold no NUL', () => {
  assert.equal(snowflakeDialect.identifierProblem('x'.repeat(255)), undefined);
  assert.match(snowflakeDialect.identifierProblem('x'.repeat(256)) ?? '', /255/);
  // Counted in characters, not UTF-16 code units.
  assert.equal(snowflakeDialect.identifierProblem('😀'.repeat(255)), undefined);
  assert.match(snowflakeDialect.identifierProblem('a\0b') ?? '', /NUL/);
});

test('placeholders are ?, and batches stay within the 16,384-bind limit', () => {
  assert.deepEqual([1, 2, 10].map((position) => snowflakeDialect.placeholder(position)), ['?', '?', '?']);
  assert.equal(snowflakeDialect.maxParameters, 16_384);
  assert.equal(rowsPerStatement(snowflakeDialect, 500, 5), 500);
  assert.equal(rowsPerStatement(snowflakeDialect, 20_000, 4), 4096);
  assert.equal(rowsPerStatement(snowflakeDialect, 10, 20_000), 1);
});

const insert = { target: '"PUBLIC"."Stock"', columns: ['SKU', 'warehouse', 'qty'], rows: [['?', '?', '?'], ['?', '?', '?']] };

test('upsert is one MERGE over the batch as a SELECT … FROM VALUES source with the written names', () => {
  assert.equal(
    snowflakeDialect.upsertStatement?.(insert, { columns: ['SKU', 'warehouse'], update: ['qty'] }),
    [
      'MERGE INTO "PUBLIC"."Stock" AS target',
      'USING (SELECT column1 AS "SKU", column2 AS "warehouse", column3 AS "qty" FROM VALUES (?, ?, ?), (?, ?, ?)) AS source',
      'ON target."SKU" = source."SKU" AND target."warehouse" = source."warehouse"',
      'WHEN MATCHED THEN UPDATE SET target."qty" = source."qty"',
      'WHEN NOT MATCHED THEN INSERT ("SKU", "warehouse", "qty") VALUES (source."SKU", source."warehouse", source."qty")',
    ].join('\n'),
  );
});

test('an upsert that only writes the conflict columns has no WHEN MATCHED, so existing rows are kept and not counted', () => {
  const text = snowflakeDialect.upsertStatement?.(insert, { columns: ['SKU', 'warehouse', 'qty'], update: [] }) ?? '';
  assert.doesNotMatch(text, /WHEN MATCHED/);
  assert.equal(snowflakeDialect.upsertedRows({ rows: [], affected: 1, fields: [] }, 2, { columns: ['SKU'], update: [] }), 1);
});

test('a MERGE row without a field (DEFAULT) is refused, as MERGE cannot apply a default', () => {
  assert.throws(() => snowflakeDialect.upsertStatement?.({ ...insert, rows: [['?', 'DEFAULT', '?']] }, { columns: ['SKU'], update: ['qty'] }), (error) => {
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

test('the SQL Block operations are all registered', () => {
  assert.deepEqual(Object.keys(connector.operations).sort(), ['delete', 'edge', 'insert', 'raw', 'select', 'update', 'upsert']);
});

test('column types get stable codes, -1 for an unknown type', () => {
  assert.deepEqual(['fixed', 'TEXT', 'timestamp_ntz', 'boolean', 'no_such'].map(snowflakeTypeCode), [0, 2, 8, 13, -1]);
});

test('a Snowflake SQL error becomes bad_input naming the code, the SQLSTATE and the line', () => {
  const error = Object.assign(new Error("SQL compilation error:\nsyntax error line 2 at position 5 unexpected 'FORM'."), {
    name: 'OperationFailedError',
    code: '001003',
    sqlState: '42000',
  });
  const failure = snowflakeFailure(error, 'SELECT id\nFORM orders');
  assert.ok(isZiggyError(failure));
  assert.equal(failure.id, 'bad_input');
  assert.equal(
    failure.message,
    `SQL compilation error: syntax error line 2 at position 5 unexpected 'FORM' (Snowflake error 001003, SQLSTATE 42000): line 2, "FORM orders".`,
  );
  assert.deepEqual(failure.details, { code: '001003', sqlState: '42000', line: 2 });
  const dropped = Object.assign(new Error('Network error'), { name: 'NetworkError', code: 401001 });
  assert.equal(snowflakeFailure(dropped, 'SELECT 1'), dropped);
});
