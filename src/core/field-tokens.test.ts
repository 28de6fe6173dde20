import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillFieldTokens, hasFieldTokens } from './field-tokens.ts';

const missing = (field: string) => new Error(`no ${field}`);

test('$$field tokens are filled from the record, dotted for nested fields, encoded as asked', () => {
  assert.equal(fillFieldTokens('plant/$$site/$$meter.id', { site: 'north', meter: { id: 7 } }, (text) => text, missing), 'plant/north/7');
  assert.equal(fillFieldTokens('/users/$$name', { name: 'a b/c' }, encodeURIComponent, missing), '/users/a%20b%2Fc');
  assert.equal(fillFieldTokens('no tokens', {}, (text) => text, missing), 'no tokens');
});

test('a token with no plain value (missing, null, an object) is the caller’s error', () => {
  assert.throws(() => fillFieldTokens('$$a', {}, (text) => text, missing), /no a/);
  assert.throws(() => fillFieldTokens('$$a', { a: null }, (text) => text, missing), /no a/);
  assert.throws(() => fillFieldTokens('$$a', { a: { b: 1 } }, (text) => text, missing), /no a/);
  assert.throws(() => fillFieldTokens('$$a.b', 'text', (text) => text, missing), /no a.b/);
});

test('hasFieldTokens tells a template from a fixed text, every time it is asked', () => {
  assert.equal(hasFieldTokens('a/$$b'), true);
  assert.equal(hasFieldTokens('a/$$b'), true);
  assert.equal(hasFieldTokens('a/$b'), false);
});
