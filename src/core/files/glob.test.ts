import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesGlob } from './glob.ts';

test('* matches any run of characters, ? exactly one', () => {
  assert.equal(matchesGlob('*.csv', 'orders.csv'), true);
  assert.equal(matchesGlob('*.csv', '.csv'), true);
  assert.equal(matchesGlob('*.csv', 'orders.csv.bak'), false);
  assert.equal(matchesGlob('report-????.txt', 'report-2024.txt'), true);
  assert.equal(matchesGlob('report-????.txt', 'report-24.txt'), false);
  assert.equal(matchesGlob('*', ''), true);
  assert.equal(matchesGlob('a*b*c', 'aXXbYYc'), true);
  assert.equal(matchesGlob('a*b*c', 'aXXbYY'), false);
});

test('every other character is literal and case counts', () => {
  assert.equal(matchesGlob('a+b(1).csv', 'a+b(1).csv'), true);
  assert.equal(matchesGlob('a+b(1).csv', 'aab(1).csv'), false);
  assert.equal(matchesGlob('[ab].txt', 'a.txt'), false);
  assert.equal(matchesGlob('[ab].txt', '[ab].txt'), true);
  assert.equal(matchesGlob('.*', 'x'), false);
  assert.equal(matchesGlob('*.CSV', 'orders.csv'), false);
  assert.equal(matchesGlob('grüße-?.txt', 'grüße-ä.txt'), true);
});

test('a pattern built to make a backtracking matcher explode stays fast', () => {
  const started = performance.now();
  assert.equal(matchesGlob(`${'*a'.repeat(30)}b`, 'a'.repeat(5000)), false);
  assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
});
