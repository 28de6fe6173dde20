import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import { Redactor } from '../../secrets/redactor.ts';
import { toPlainData } from './plain-data.ts';

// Values made in another realm, as a block makes them in its vm context.
const fromContext = (expression: string): unknown => vm.runInNewContext(`(${expression})`);

describe('toPlainData', () => {
  it('turns another realm\'s objects into this realm\'s plain objects, so the redactor reaches inside', () => {
    const value = fromContext("{ list: [{ token: 'abc-secret' }], when: new Date(0) }");
    assert.notEqual(Object.getPrototypeOf(value), Object.prototype);
    const plain = toPlainData(value, 'value') as { list: Array<{ token: string }>; when: Date };
    assert.equal(Object.getPrototypeOf(plain), Object.prototype);
    assert.ok(plain.when instanceof Date);
    const redactor = new Redactor();
    redactor.add('abc-secret');
    assert.deepEqual(redactor.redactValue(plain), { list: [{ token: '[secret]' }], when: new Date(0) });
  });

  it('keeps undefined, bigint and bytes; converts Map, Set, Error, boxed values and toJSON; drops functions', () => {
    const plain = toPlainData(
      fromContext("{ u: undefined, big: 5n, bytes: new Uint8Array([1, 2]), map: new Map([[1, 'a']]), set: new Set(['x']), error: new RangeError('bad'), boxed: new String('s'), custom: { toJSON() { return 'custom'; } }, fn() {}, sym: Symbol('s'), list: [() => 1] }"),
      'value',
    );
    assert.deepEqual(plain, {
      u: undefined,
      big: 5n,
      bytes: Buffer.from([1, 2]),
      map: { 1: 'a' },
      set: ['x'],
      error: { name: 'RangeError', message: 'bad' },
      boxed: 's',
      custom: 'custom',
      list: [undefined],
    });
  });

  it('keeps a "__proto__" key a key', () => {
    const plain = toPlainData(JSON.parse('{"__proto__": {"polluted": true}}'), 'value') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(plain), Object.prototype);
    assert.deepEqual(Object.keys(plain), ['__proto__']);
  });

  it('refuses circular data and promises with the path where they are', () => {
    assert.throws(() => toPlainData(fromContext('(() => { const a = { b: {} }; a.b.back = a; return a; })()'), 'result'), {
      name: 'TypeError',
      message: 'result.b.back refers back to itself (a circular reference); send plain data.',
    });
    assert.throws(() => toPlainData({ list: [Promise.resolve(1)] }, 'data'), { message: 'data.list[0] is a Promise; await it before sending it.' });
    const shared = { n: 1 };
    assert.deepEqual(toPlainData({ a: shared, b: shared }, 'data'), { a: { n: 1 }, b: { n: 1 } });
  });
});
