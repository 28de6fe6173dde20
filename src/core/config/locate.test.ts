import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateField } from './locate.ts';
import { parseConfig } from './parse.ts';

const source = `{
  server: 'db',
  options: {
    encrypt: true,
  },
  hosts: ['a', { name: 'b' }],
}`;
const tree = parseConfig(source);

function where(path: Array<string | number>): [number, number, string] | undefined {
  const loc = locateField(tree, path);
  return loc && [loc.line, loc.column, source.slice(loc.start, loc.end)];
}

describe('locateField', () => {
  it('points at the value of an existing field', () => {
    assert.deepEqual(where(['options', 'encrypt']), [4, 14, 'true']);
    assert.deepEqual(where(['server']), [2, 11, "'db'"]);
    assert.deepEqual(where(['hosts', 1, 'name']), [6, 24, "'b'"]);
    assert.deepEqual(where(['hosts', '0']), [6, 11, "'a'"]);
  });

  it('points at the whole config for the empty path', () => {
    assert.deepEqual(where([]), [1, 1, source]);
  });

  it('falls back to the deepest part of the path that exists', () => {
    assert.deepEqual(where(['options', 'trustServerCertificate']), [3, 3, 'options']);
    assert.deepEqual(where(['options', 'encrypt', 'deeper']), [4, 5, 'encrypt']);
    assert.deepEqual(where(['hosts', 5]), [6, 3, 'hosts']);
    assert.deepEqual(where(['hosts', 1, 'port']), [6, 16, "{ name: 'b' }"]);
  });

  it('finds nothing when not even the first key exists', () => {
    assert.equal(where(['port']), undefined);
  });
});
