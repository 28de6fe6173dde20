import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInputs } from './block-inputs.ts';

describe('parseInputs', () => {
  it('reads a JSON array as the arguments, and empty text as none', () => {
    assert.deepEqual(parseInputs('[1, "a", {"id": 7}]'), { ok: true, inputs: [1, 'a', { id: 7 }] });
    assert.deepEqual(parseInputs('  \n'), { ok: true, inputs: [] });
  });

  it('points at the place where the JSON goes wrong', () => {
    const text = '[\n  1,\n  {"id": 7,}\n]';
    const result = parseInputs(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.message, /^The inputs are not valid JSON: .*Write a JSON array/);
    assert.equal(text[result.from], '}');
  });

  it('refuses a value that is not an array and says how to pass it', () => {
    const result = parseInputs(' {"id": 7} ');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.message, /not an object: wrap it in \[ \]/);
    assert.deepEqual([result.from, result.to], [1, 10]);
  });
});
