import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isZiggyError } from '../errors.ts';
import { ConfigSyntaxError } from './config-syntax-error.ts';
import { elasticServerlessSource, seedConfigs, seedSecretValue } from './fixtures/seed-configs.ts';
import { parseConfig } from './parse.ts';
import { resolveConfig } from './resolve.ts';
import { secretNames } from './secret-refs.ts';
import type { ConfigNode, ResolvedConfig } from './types.ts';

function resolveSource(source: string, secrets: Record<string, string> = {}): ResolvedConfig {
  return resolveConfig(parseConfig(source), { mode: 'dev', connection: 'c', lookup: (name) => secrets[name] });
}

function entryValue(node: ConfigNode, key: string): ConfigNode {
  assert.equal(node.kind, 'object');
  const entry = node.kind === 'object' ? node.entries.find((candidate) => candidate.key === key) : undefined;
  assert.ok(entry, `no entry ${key}`);
  return entry.value;
}

describe('parseConfig on the seed page', () => {
  for (const seed of seedConfigs) {
    it(`parses and resolves the ${seed.name} object`, () => {
      const tree = parseConfig(seed.source);
      assert.deepEqual(secretNames(tree), seed.secretNames);
      const resolved = resolveConfig(tree, { mode: 'prod', connection: seed.name, lookup: seedSecretValue });
      assert.deepEqual(resolved, seed.resolved);
    });
  }

  it('reads the Elasticsearch Serverless object as written: the line break after the auth block stands for its comma', () => {
    const tree = parseConfig(elasticServerlessSource);
    const resolved = resolveConfig(tree, { mode: 'dev', connection: 'search', lookup: () => 'the-key' });
    assert.deepEqual(resolved, {
      node: 'https://my-elasticsearch-project-xxxx.es.eu-west-1.aws.elastic.cloud:443',
      auth: { apiKey: 'the-key' },
      serverMode: 'serverless',
    });
    // Every value keeps its place in the source, so errors and editor marks after the missing comma still point right.
    const serverMode = tree.entries.find((entry) => entry.key === 'serverMode');
    const at = elasticServerlessSource.indexOf("'serverless'");
    assert.deepEqual(serverMode?.value.loc, { line: 6, column: 15, start: at, end: at + "'serverless'".length });
    assert.equal(tree.loc.end, elasticServerlessSource.lastIndexOf('}') + 1);
  });

  it('takes a line break between entries or items for a comma, but not two entries on one line', () => {
    assert.deepEqual(resolveConfig(parseConfig("{\n  host: 'db'\n  port: 5432 // the default\n  tags: ['a'\n    'b']\n}"), { mode: 'dev', connection: 'x', lookup: () => undefined }), {
      host: 'db',
      port: 5432,
      tags: ['a', 'b'],
    });
    assert.throws(() => parseConfig("{ host: 'db' port: 5432 }"), /a comma is likely missing after this value/);
  });

  it('keeps where every value and key is written', () => {
    const sqlServer = seedConfigs.find((seed) => seed.name === 'SQL Server');
    assert.ok(sqlServer);
    const tree = parseConfig(sqlServer.source);
    const options = entryValue(tree, 'options');
    assert.equal(options.kind, 'object');
    const encrypt = options.kind === 'object' ? options.entries[0] : undefined;
    assert.ok(encrypt);
    assert.deepEqual(encrypt.keyLoc, { line: 7, column: 5, start: sqlServer.source.indexOf('encrypt'), end: sqlServer.source.indexOf('encrypt') + 7 });
    assert.deepEqual(
      { line: encrypt.value.loc.line, column: encrypt.value.loc.column },
      { line: 7, column: 14 },
    );
    assert.equal(sqlServer.source.slice(encrypt.value.loc.start, encrypt.value.loc.end), 'true');
    assert.deepEqual({ line: tree.loc.line, column: tree.loc.column, start: tree.loc.start }, { line: 1, column: 1, start: 0 });
  });
});

describe('parseConfig values', () => {
  it('reads both quote styles, escapes, numbers, booleans, null, arrays and nested objects', () => {
    const source = `{ a: 'it\\'s', b: "say \\"hi\\"", c: 1.5e3, d: 0x1F, e: -42, f: -0.5, g: true, h: false, i: null,
      j: [1, 'two', [3], { k: 4 }, ], 'quoted key': 1, "double": 2, 10: 'ten', 1.50: 'one and a half' }`;
    assert.deepEqual(resolveSource(source), {
      a: "it's",
      b: 'say "hi"',
      c: 1500,
      d: 31,
      e: -42,
      f: -0.5,
      g: true,
      h: false,
      i: null,
      j: [1, 'two', [3], { k: 4 }],
      'quoted key': 1,
      double: 2,
      10: 'ten',
      '1.5': 'one and a half',
    });
  });

  it('accepts comments everywhere and trailing commas', () => {
    const source = `// leading comment
/* block */ { /* before key */ host /* after key */ : /* before value */ 'db' /* after value */ , // after comma
  list: [ /* first */ 1, // one
    2, /* two */ ], // trailing
  /* last */ }  // after the object
/* and a final block */
`;
    assert.deepEqual(resolveSource(source), { host: 'db', list: [1, 2] });
  });

  it('reads secret references in all three spellings', () => {
    const tree = parseConfig(`{ a: secrets.ONE, b: secrets['TWO'], c: secrets["THREE"], d: secrets.ONE }`);
    assert.deepEqual(entryValue(tree, 'b'), {
      kind: 'secret',
      name: 'TWO',
      loc: { line: 1, column: 22, start: 21, end: 35 },
    });
    assert.deepEqual(secretNames(tree), ['ONE', 'THREE', 'TWO']);
    assert.deepEqual(resolveSource(`{ a: secrets.ONE, b: secrets['TWO'], c: secrets["THREE"] }`, { ONE: '1', TWO: '2', THREE: '3' }), {
      a: '1',
      b: '2',
      c: '3',
    });
  });

  it('joins string concatenation and template literals, with secrets inside', () => {
    const source = "{ url: 'postgres://' + secrets.USER + ':' + secrets['PASS'] + '@db/app', dsn: `host=${secrets.HOST} port=5432`, plain: 'a' + `b` + 'c', line: `x\ny` }";
    const tree = parseConfig(source);
    const url = entryValue(tree, 'url');
    assert.equal(url.kind, 'concat');
    assert.deepEqual(url.kind === 'concat' ? url.parts.map((part) => (typeof part === 'string' ? part : `<${part.name}>`)) : [], [
      'postgres://',
      '<USER>',
      ':',
      '<PASS>',
      '@db/app',
    ]);
    assert.deepEqual(entryValue(tree, 'plain'), { kind: 'string', value: 'abc', loc: entryValue(tree, 'plain').loc });
    assert.deepEqual(resolveSource(source, { USER: 'u', PASS: 'p', HOST: 'h' }), {
      url: 'postgres://u:p@db/app',
      dsn: 'host=h port=5432',
      plain: 'abc',
      line: 'x\ny',
    });
  });

  it('reads a template literal without secrets as a plain string', () => {
    assert.deepEqual(parseConfig('{ a: `plain` }').entries[0]?.value, {
      kind: 'string',
      value: 'plain',
      loc: { line: 1, column: 6, start: 5, end: 12 },
    });
  });

  it('reports lines and columns of the user text, also after CRLF line ends', () => {
    assert.throws(
      () => parseConfig('{\r\n  a: 1,\r\n  b: foo\r\n}'),
      (error: unknown) => isZiggyError(error) && error.details?.line === 3 && error.details.column === 6,
    );
  });
});
