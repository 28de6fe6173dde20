import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretCompletions } from './secret-completions.ts';

const names = ['DB_PASSWORD', 'API_KEY'];

function complete(marked: string, known: readonly string[] = names) {
  const offset = marked.indexOf('|');
  return secretCompletions(marked.slice(0, offset) + marked.slice(offset + 1), offset, known);
}

describe('secretCompletions', () => {
  it('offers every secret name after secrets.', () => {
    const result = complete('{ password: secrets.| }');
    assert.deepEqual(result?.options.map((option) => option.label), names);
    assert.equal(result?.from, '{ password: secrets.'.length);
  });

  it('replaces the whole name around the cursor', () => {
    const result = complete('{ password: secrets.DB|_PASS }');
    assert.equal(result?.from, '{ password: secrets.'.length);
    assert.equal(result?.to, '{ password: secrets.DB_PASS'.length);
  });

  it('works in brackets with either quote and inside a template literal', () => {
    assert.equal(complete("{ a: secrets['D| }")?.from, "{ a: secrets['".length);
    assert.equal(complete('{ a: secrets["| }')?.options.length, 2);
    assert.equal(complete('{ url: `https://${secrets.|}` }')?.options.length, 2);
  });

  it('offers nothing elsewhere, after another object, or when no secret exists', () => {
    assert.equal(complete('{ password: | }'), null);
    assert.equal(complete('{ a: mysecrets.| }'), null);
    assert.equal(complete('{ a: config.secrets.| }'), null);
    assert.equal(complete('{ a: secrets.| }', []), null);
  });
});
