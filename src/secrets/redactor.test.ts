import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, secretMask } from './redactor.ts';
import { ZiggyError } from '../core/errors.ts';

function redactorWith(...values: string[]): Redactor {
  const redactor = new Redactor();
  for (const value of values) redactor.add(value);
  return redactor;
}

describe('Redactor.redact', () => {
  it('masks every occurrence of every value and leaves other text alone', () => {
    const redactor = redactorWith('hunter2', 'tok_123');
    assert.equal(secretMask, '[secret]');
    assert.equal(
      redactor.redact('password=hunter2 token=tok_123 again hunter2'),
      'password=[secret] token=[secret] again [secret]',
    );
    assert.equal(redactor.redact('nothing to see'), 'nothing to see');
  });

  it('does nothing before a value is added and ignores empty values', () => {
    const redactor = new Redactor();
    assert.equal(redactor.redact('abc'), 'abc');
    redactor.add('');
    assert.equal(redactor.redact('abc'), 'abc');
    assert.equal(redactor.has('abc'), false);
  });

  it('prefers the longest value and merges overlapping values into one mask', () => {
    const redactor = redactorWith('abc', 'abcdefg', 'defghijk');
    assert.equal(redactor.redact('x abcdefg y'), 'x [secret] y');
    assert.equal(redactor.redact('x abcdefghijk y'), 'x [secret] y');
    assert.equal(redactor.redact('x abc y'), 'x [secret] y');
    const overlapping = redactorWith('12345678', '56789012');
    assert.equal(overlapping.redact('[123456789012]'), '[[secret]]');
  });

  it('treats regular expression characters in values literally', () => {
    const value = 'a.b*c+(d)?[e]{2}|f^$\\g/h-i';
    const redactor = redactorWith(value);
    assert.equal(redactor.redact(`pw=${value};`), `pw=${secretMask};`);
    assert.equal(redactor.redact('aXb*c+(d)?[e]{2}|f^$\\g/h-i'), 'aXb*c+(d)?[e]{2}|f^$\\g/h-i');
    assert.equal(redactor.redact('aa'), 'aa');
  });

  it('masks a very short value where it stands alone, not inside words, and not its encoded forms', () => {
    const redactor = redactorWith('x');
    assert.equal(redactor.redact('remoteAddress: x'), `remoteAddress: ${secretMask}`);
    assert.equal(redactor.redact('text exists; password=x, "x"'), `text exists; password=${secretMask}, "${secretMask}"`);
    assert.deepEqual(redactor.redactValue({ text: 'x' }), { text: secretMask });
    assert.equal(redactorWith('1234').redact('pin 1234 in 912345'), `pin ${secretMask} in 912345`);
    assert.equal(redactorWith('xy').redact('key eHk= here'), 'key eHk= here');
  });

  it('catches URL-encoded, form-encoded and base64 forms of a value', () => {
    const value = 'p@ss w/rd:1';
    const redactor = redactorWith(value);
    assert.equal(
      redactor.redact(`postgres://etl:${encodeURIComponent(value)}@db.internal:5432/northwind`),
      `postgres://etl:${secretMask}@db.internal:5432/northwind`,
    );
    assert.equal(redactor.redact(`body: password=p%40ss+w%2Frd%3A1&x=1`), `body: password=${secretMask}&x=1`);
    const base64 = Buffer.from(value).toString('base64');
    assert.equal(redactor.redact(`Authorization: Bearer ${base64}`), `Authorization: Bearer ${secretMask}`);
    const base64url = Buffer.from('??>>??>>').toString('base64url');
    assert.equal(redactorWith('??>>??>>').redact(`token=${base64url}`), `token=${secretMask}`);
  });

  it('picks up values added after the first use', () => {
    const redactor = redactorWith('first');
    assert.equal(redactor.redact('first second'), '[secret] second');
    redactor.add('second');
    assert.equal(redactor.redact('first second'), '[secret] [secret]');
  });

  it('stays fast with many values and long text', () => {
    const values = Array.from({ length: 2000 }, (_, index) => `secret-value-${index}-${'x'.repeat(index % 17)}`);
    const redactor = redactorWith(...values);
    const line = 'an ordinary log line with numbers 12345 and words, nothing secret in it at all\n';
    const text = line.repeat(10_000) + values[1999];
    const started = performance.now();
    const result = redactor.redact(text);
    const elapsed = performance.now() - started;
    assert.ok(result.endsWith(`\n${secretMask}`));
    assert.equal(result.length, text.length - (values[1999]?.length ?? 0) + secretMask.length);
    assert.ok(elapsed < 2000, `redacting took ${elapsed} ms`);
  });
});

describe('Redactor.has', () => {
  it('tells whether any registered value or encoded form occurs', () => {
    const redactor = redactorWith('s3cr3t!');
    assert.equal(redactor.has('x s3cr3t! y'), true);
    assert.equal(redactor.has(`x ${encodeURIComponent('s3cr3t!')}`), true);
    assert.equal(redactor.has('x s3cr3t y'), false);
  });
});

describe('Redactor.redactValue', () => {
  it('deep-copies arrays and plain objects with every string redacted', () => {
    const redactor = redactorWith('hunter2');
    const input = {
      user: 'etl',
      password: 'hunter2',
      nested: { list: ['a', 'x-hunter2-x', 3, true, null, undefined], hunter2: 'key is secret too' },
      when: new Date(0),
    };
    const output = redactor.redactValue(input);
    assert.deepEqual(output, {
      user: 'etl',
      password: secretMask,
      nested: { list: ['a', `x-${secretMask}-x`, 3, true, null, undefined], [secretMask]: 'key is secret too' },
      when: new Date(0),
    });
    assert.equal(input.password, 'hunter2');
    assert.notEqual(output.nested, input.nested);
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const input: unknown = JSON.parse('{"__proto__": {"polluted": "hunter2"}}');
    const output = redactorWith('hunter2').redactValue(input) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(output), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(output, '__proto__')?.value, { polluted: secretMask });
  });

  it('redacts the message, stack, cause and details of Errors and keeps their class', () => {
    const redactor = redactorWith('hunter2');
    const cause = new Error('inner hunter2');
    const error = new ZiggyError('config_invalid', 'bad password hunter2', { value: 'hunter2' });
    Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
    const copy = redactor.redactValue(error);
    assert.ok(copy instanceof ZiggyError);
    assert.equal(copy.message, `bad password ${secretMask}`);
    assert.equal(copy.id, 'config_invalid');
    assert.deepEqual(copy.details, { value: secretMask });
    assert.ok(!String(copy.stack).includes('hunter2'));
    assert.ok(String(copy.stack).includes(`bad password ${secretMask}`));
    assert.equal((copy.cause as Error).message, `inner ${secretMask}`);
    assert.deepEqual(copy.toJSON(), {
      error: 'config_invalid',
      message: `bad password ${secretMask}`,
      details: { value: secretMask },
    });
    assert.equal(error.message, 'bad password hunter2');
    assert.deepEqual(redactor.redactValue({ failure: new TypeError('hunter2') }).failure.message, secretMask);
  });

  it('handles cycles', () => {
    const input: { name: string; self?: unknown } = { name: 'hunter2' };
    input.self = input;
    const output = redactorWith('hunter2').redactValue(input);
    assert.equal(output.name, secretMask);
    assert.equal(output.self, output);
  });
});
