import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlDialect } from './dialect.ts';
import { edgeStatement, parseEdgeSql } from './edge-template.ts';

// Only placeholder matters to edgeStatement; the rest is a plain ANSI-like dialect.
const dialect: SqlDialect = {
  label: 'test',
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  placeholder: (position) => `$${position}`,
  placeholderExample: '$1',
  maxParameters: 100,
  identifierProblem: () => undefined,
  upsertClause: () => '',
  upsertedRows: (result) => result.affected,
  supportsReturning: false,
  defaultSchema: 'the server',
};

test('IN $$field is a list token, any other $$field a single value', () => {
  assert.deepEqual(parseEdgeSql('SELECT * FROM t WHERE id IN $$id AND kind = $$kind'), [
    { text: 'SELECT * FROM t WHERE id IN ' },
    { field: 'id', list: true },
    { text: ' AND kind = ' },
    { field: 'kind', list: false },
  ]);
});

test('tokens inside quoted strings and names stay text, doubled quotes included', () => {
  assert.deepEqual(parseEdgeSql(`SELECT '$$a', 'it''s $$b', "$$c", \`$$d\` WHERE x = $$e`), [
    { text: `SELECT '$$a', 'it''s $$b', "$$c", \`$$d\` WHERE x = ` },
    { field: 'e', list: false },
  ]);
});

test('values become placeholders in order; a missing field names the row', () => {
  const parts = parseEdgeSql('DELETE FROM t WHERE id IN $$id');
  assert.deepEqual(edgeStatement(dialect, parts, [{ id: 1 }, { id: "2'; DROP TABLE t; --" }], 0), {
    text: 'DELETE FROM t WHERE id IN ($1, $2)',
    values: [1, "2'; DROP TABLE t; --"],
  });
  assert.throws(() => edgeStatement(dialect, parts, [{ id: 1 }, { other: 2 }], 10), /Row 12 has no field "id", which the SQL uses as \$\$id/);
  assert.deepEqual(edgeStatement(dialect, parseEdgeSql('SELECT $$v'), [{ v: null }], 0), { text: 'SELECT $1', values: [null] });
});
