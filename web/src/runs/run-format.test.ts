import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetLabel, valueText } from './run-format.ts';

describe('run formatting', () => {
  it('names each kind of target', () => {
    assert.equal(targetLabel({ kind: 'block', name: 'import', version: 3, codeHash: 'x' }), 'block import (version 3)');
    assert.equal(targetLabel({ kind: 'code', codeHash: '1a2b3c4d5e6f' }), 'code 1a2b3c4d');
    assert.equal(targetLabel({ kind: 'operation', connection: 'dw', operation: 'query' }), 'dw / query');
  });

  it('shows values as JSON and says when nothing was returned', () => {
    assert.equal(valueText({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}');
    assert.equal(valueText(undefined), 'undefined (nothing returned)');
    assert.equal(valueText(null), 'null');
  });
});
