import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZiggyError } from '../errors.ts';
import { ConfigSyntaxError } from './config-syntax-error.ts';
import { maxSourceLength, parseConfig } from './parse.ts';

interface Case {
  name: string;
  source: string;
  line: number;
  column: number;
  /** A word or phrase the message must contain. */
  word: string;
}

function assertRejected({ source, line, column, word }: Omit<Case, 'name'>): ConfigSyntaxError {
  let caught: unknown;
  try {
    parseConfig(source);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigSyntaxError, `expected a ConfigSyntaxError, got ${String(caught)}`);
  assert.ok(caught instanceof ZiggyError);
  assert.equal(caught.id, 'config_syntax');
  assert.equal(caught.status, 400);
  assert.deepEqual({ line: caught.details.line, column: caught.details.column }, { line, column });
  assert.ok(caught.message.startsWith(`Line ${line}, column ${column}: `), caught.message);
  assert.ok(caught.message.includes(word), `"${caught.message}" does not mention "${word}"`);
  assert.ok(caught.details.found.length > 0 && caught.details.hint.length > 0);
  assert.ok(caught.message.includes(`Hint: ${caught.details.hint}`));
  return caught;
}

const code: Case[] = [
  { name: 'a function call', source: '{\n  a: foo()\n}', line: 2, column: 6, word: 'unexpected function call `foo()`' },
  { name: 'require', source: "{ a: require('fs') }", line: 1, column: 6, word: 'cannot load modules' },
  { name: 'a dynamic import', source: "{ a: import('fs') }", line: 1, column: 6, word: 'module load' },
  { name: 'process.env', source: '{\n  password: process.env.DB_PASSWORD,\n}', line: 2, column: 13, word: 'environment variables' },
  { name: 'another member access', source: '{ a: config.host }', line: 1, column: 6, word: 'member access `config.host`' },
  { name: 'a member of a secret', source: '{ a: secrets.A.B }', line: 1, column: 6, word: 'member access' },
  { name: 'optional chaining on secrets', source: '{ a: secrets?.A }', line: 1, column: 6, word: 'optional chaining' },
  { name: 'new', source: '{ a: new Date() }', line: 1, column: 6, word: '`new` expression' },
  { name: 'a getter', source: "{ get host() { return 'x' } }", line: 1, column: 3, word: 'getter' },
  { name: 'a setter', source: '{ set host(v) {} }', line: 1, column: 3, word: 'setter' },
  { name: 'a method', source: '{ connect() {} }', line: 1, column: 3, word: 'method' },
  { name: 'an arrow function', source: '{ a: () => 1 }', line: 1, column: 6, word: 'function' },
  { name: 'an immediately called function', source: '{ a: (() => { while (true) {} })() }', line: 1, column: 6, word: 'function call' },
  { name: 'a class', source: '{ a: class {} }', line: 1, column: 6, word: 'class' },
  { name: 'an assignment', source: '{ a: globalThis.x = 1 }', line: 1, column: 6, word: 'assignment' },
  { name: 'arithmetic', source: '{ a: 30 * 1000 }', line: 1, column: 6, word: 'not expressions' },
  { name: 'unary plus', source: '{ a: +5 }', line: 1, column: 6, word: 'expression' },
  { name: 'a logical operator', source: "{ a: secrets.A || 'x' }", line: 1, column: 6, word: 'expression' },
  { name: 'parentheses', source: '{ a: (1) }', line: 1, column: 6, word: 'parentheses' },
  { name: 'this', source: '{ a: this }', line: 1, column: 6, word: '`this`' },
];

const shapes: Case[] = [
  { name: 'a shorthand property', source: '{ host }', line: 1, column: 3, word: 'shorthand property `host`' },
  { name: 'a spread in an object', source: '{ ...defaults }', line: 1, column: 3, word: 'spread' },
  { name: 'a spread in an array', source: '{ a: [...list] }', line: 1, column: 7, word: 'spread' },
  { name: 'a computed key', source: '{ [name]: 1 }', line: 1, column: 3, word: 'computed key `[name]`' },
  { name: 'an identifier', source: '{ host: localhost }', line: 1, column: 9, word: "quote it as a string ('localhost'), or write secrets.localhost" },
  { name: 'undefined', source: '{ a: undefined }', line: 1, column: 6, word: 'write null' },
  { name: 'Infinity', source: '{ a: Infinity }', line: 1, column: 6, word: 'finite number' },
  { name: 'a __proto__ key', source: '{ __proto__: { admin: true } }', line: 1, column: 3, word: '`__proto__` is not allowed' },
  { name: 'a quoted constructor key', source: "{ 'constructor': 1 }", line: 1, column: 3, word: '`constructor` is not allowed' },
  { name: 'a nested prototype key', source: '{ a: { prototype: 1 } }', line: 1, column: 8, word: '`prototype` is not allowed' },
  { name: 'a duplicate key', source: "{\n  host: 'a',\n  port: 1,\n  'host': 'b'\n}", line: 4, column: 3, word: 'duplicate key `host` (first written on line 2)' },
  { name: 'a regular expression', source: '{ a: /x+/g }', line: 1, column: 6, word: 'regular expression' },
  { name: 'a BigInt', source: '{ a: 10n }', line: 1, column: 6, word: 'BigInt' },
  { name: 'an empty array slot', source: '{ a: [1, , 2] }', line: 1, column: 10, word: 'empty array slot' },
  { name: 'a leading empty array slot', source: '{ a: [, 2] }', line: 1, column: 7, word: 'empty array slot' },
  { name: 'a tagged template', source: '{ a: sql`x` }', line: 1, column: 6, word: 'tagged template' },
  { name: 'a template expression that is no secret', source: '{ a: `x${host}` }', line: 1, column: 10, word: 'template expression `${host}`' },
  { name: 'a number in a concatenation', source: "{ a: 'port:' + 5432 }", line: 1, column: 16, word: "number `5432` in a string concatenation. Hint: quote the number as text ('5432')" },
  { name: 'minus before text', source: "{ a: -'5' }", line: 1, column: 6, word: 'non-number' },
  { name: 'a secret name with a dash', source: "{ a: secrets['my-key'] }", line: 1, column: 14, word: '`my-key` is not a valid secret name' },
  { name: 'a secret named by a reserved word', source: '{ a: secrets.class }', line: 1, column: 14, word: 'not a valid secret name' },
  { name: 'a computed secret name', source: '{ a: secrets[name] }', line: 1, column: 6, word: 'computed secret name' },
  { name: 'secrets on its own', source: '{ a: secrets }', line: 1, column: 6, word: '`secrets` on its own' },
];

const wholeSource: Case[] = [
  { name: 'an empty source', source: '', line: 1, column: 1, word: 'the config is empty' },
  { name: 'only a comment', source: '  \n  // nothing here\n', line: 3, column: 1, word: 'the config is empty' },
  { name: 'a second object', source: '{ a: 1 } { b: 2 }', line: 1, column: 10, word: '`{ b: 2 }` after the end of the config object' },
  { name: 'two expressions', source: '{ a: 1 }, { b: 2 }', line: 1, column: 9, word: 'after the end of the config object' },
  { name: 'a trailing semicolon', source: '{ a: 1 };', line: 1, column: 9, word: '`;` after the end' },
  { name: 'an HTML comment after the object', source: '{ a: 1 } <!-- x', line: 1, column: 10, word: 'after the end' },
  { name: 'an array at the root', source: "['a']", line: 1, column: 1, word: 'must be an object literal, not an array' },
  { name: 'a string at the root', source: "\n'text'", line: 2, column: 1, word: 'not a string' },
  { name: 'a secret at the root', source: 'secrets.X', line: 1, column: 1, word: 'not a secret reference' },
  { name: 'a call at the root', source: "require('fs')", line: 1, column: 1, word: 'module load' },
];

const acornErrors: Case[] = [
  { name: 'an unterminated string', source: "{\n  a: 'abc\n}", line: 2, column: 6, word: 'unterminated string' },
  { name: 'an unterminated template', source: '{ a: `abc }', line: 1, column: 7, word: 'unterminated template literal' },
  { name: 'an unterminated comment', source: '{ a: 1 /* x }', line: 1, column: 8, word: 'unterminated comment' },
  { name: 'an unclosed object', source: '{\n  a: {\n    b: 1\n', line: 4, column: 1, word: 'ends before `{` opened on line 2, column 6 is closed' },
  { name: 'an unclosed array', source: '{ a: [1, 2', line: 1, column: 11, word: "add the missing `]`" },
  { name: 'a missing value', source: '{ a: , b: 1 }', line: 1, column: 6, word: 'a value is missing after the colon' },
  { name: 'a missing colon', source: "{ host 'x' }", line: 1, column: 7, word: 'a colon is likely missing after the key `host`' },
  { name: 'a missing comma between items', source: '{ a: [1 2] }', line: 1, column: 8, word: 'a comma is likely missing after this value' },
  { name: 'a missing comma after a string on one line', source: "{ a: 'x' b: 'y' }", line: 1, column: 9, word: 'add a comma before `b` on line 1' },
  { name: 'a key without its colon on the next line', source: "{\n  a: 1\n  host\n  'x'\n}", line: 3, column: 7, word: 'a colon is likely missing after the key `host`' },
  { name: 'a missing comma after a template', source: '{ a: `x` b: 1 }', line: 1, column: 9, word: 'add a comma before `b`' },
  { name: 'an equals sign for a colon', source: '{ a = 1 }', line: 1, column: 5, word: 'with a colon' },
  { name: 'a stray character', source: '{ a: 1 # }', line: 1, column: 8, word: "unexpected character '#'" },
  { name: 'a legacy octal number', source: '{ a: 010 }', line: 1, column: 6, word: 'invalid number. Hint: write numbers in plain decimal' },
  { name: 'a bad number', source: '{ a: 0x }', line: 1, column: 8, word: 'radix 16' },
];

describe('parseConfig rejects', () => {
  for (const group of [code, shapes, wholeSource, acornErrors]) {
    for (const { name, ...expected } of group) {
      it(name, () => {
        assertRejected(expected);
      });
    }
  }

  it('a source longer than the limit, without reading it', () => {
    assertRejected({ source: `{ a: '${'x'.repeat(maxSourceLength)}' }`, line: 1, column: 1, word: 'the config is too long' });
  });

  it('objects nested deeper than 64 levels, at the 65th', () => {
    const source = `${'{ a: '.repeat(65)}1${' }'.repeat(65)}`;
    assertRejected({ source, line: 1, column: 5 * 64 + 1, word: 'nested more than 64 levels deep' });
    assert.doesNotThrow(() => parseConfig(`${'{ a: '.repeat(64)}1${' }'.repeat(64)}`));
  });

  it('arrays nested deeper than 64 levels', () => {
    assertRejected({ source: `{ a: ${'['.repeat(64)}${']'.repeat(64)} }`, line: 1, column: 6 + 63, word: 'nested more than 64 levels' });
  });

  it('nesting deep enough to exhaust the parser stack, as a syntax error', () => {
    for (const source of ['['.repeat(200_000), `{ a: ${"'x' + ".repeat(40_000)}'y' }`, `{ a: ${'-'.repeat(100_000)}1 }`]) {
      assert.throws(
        () => parseConfig(source),
        (error: unknown) => error instanceof ConfigSyntaxError && error.details.line === 1 && /nested too deeply/.test(error.message),
      );
    }
  });
});
