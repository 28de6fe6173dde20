import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './parse.ts';
import { secretNames, secretReferences } from './secret-refs.ts';

describe('secret references', () => {
  const tree = parseConfig(`{
  b: secrets.ZED,
  nested: { list: [secrets['ALPHA'], 'x' + secrets.MID + secrets.ZED] },
  t: \`\${secrets["ALPHA"]}\`,
}`);

  it('lists every reference in source order with its position', () => {
    assert.deepEqual(
      secretReferences(tree).map((ref) => [ref.name, ref.loc.line, ref.loc.column]),
      [
        ['ZED', 2, 6],
        ['ALPHA', 3, 20],
        ['MID', 3, 44],
        ['ZED', 3, 58],
        ['ALPHA', 4, 9],
      ],
    );
  });

  it('lists each name once, sorted', () => {
    assert.deepEqual(secretNames(tree), ['ALPHA', 'MID', 'ZED']);
  });

  it('finds none in a config without secrets', () => {
    assert.deepEqual(secretNames(parseConfig("{ a: 'secrets.X', b: ['secrets'] }")), []);
  });
});
