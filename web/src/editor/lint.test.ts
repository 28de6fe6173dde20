import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigSyntaxError, parseConfig } from '../../../src/core/config/index.ts';
import { lintConfig } from './lint.ts';
import { typeView } from './type-fixture.test-helper.ts';

const postgres = await typeView('postgres');
const options = { secretFields: postgres.secretFields, jsonSchema: postgres.jsonSchema };

function serverError(source: string): ConfigSyntaxError {
  try {
    parseConfig(source);
  } catch (error) {
    if (error instanceof ConfigSyntaxError) return error;
  }
  throw new Error('expected a syntax error');
}

describe('lintConfig', () => {
  it('reports nothing for a good config that references secrets', () => {
    const source = "{\n  host: 'db.internal',\n  password: secrets.DB_PASSWORD,\n  port: 5432,\n}";
    assert.deepEqual(lintConfig(source, { ...options, existingSecrets: ['DB_PASSWORD'] }), []);
  });

  it('puts a syntax error where the server reports it, with the same message and hint', () => {
    const source = ['{', "  node: 'https://es.example:443',", '  auth: { apiKey: secrets.ELASTIC_API_KEY } serverMode: \'serverless\',', '}'].join('\n');
    const [diagnostic, ...rest] = lintConfig(source, { secretFields: [] });
    const error = serverError(source);
    assert.equal(rest.length, 0);
    assert.equal(diagnostic?.severity, 'error');
    assert.equal(diagnostic?.message, error.message);
    assert.match(diagnostic?.message ?? '', /^Line 3, column 44: a comma is likely missing.*Hint: add a comma before `serverMode`/);
    assert.equal(diagnostic?.from, source.indexOf('} serverMode') + 1);
  });

  it('marks nothing where a line break stands for the comma between entries', () => {
    const source = ['{', "  node: 'https://es.example:443',", '  auth: {', '    apiKey: secrets.ELASTIC_API_KEY', '  }', "  serverMode: 'serverless',", '}'].join('\n');
    assert.deepEqual(lintConfig(source, { secretFields: [] }), []);
  });

  it('maps line and column through Windows line ends and marks the whole offending word', () => {
    const source = "{\r\n  host: 'db',\r\n  port: localhost\r\n}";
    const [diagnostic] = lintConfig(source, { secretFields: [] });
    assert.equal(source.slice(diagnostic?.from, diagnostic?.to), 'localhost');
    assert.match(diagnostic?.message ?? '', /^Line 3, column 9: unexpected identifier `localhost`/);
  });

  it('marks a config that ends too early at its end', () => {
    const source = '{ auth: {';
    const [diagnostic] = lintConfig(source, { secretFields: [] });
    assert.equal(diagnostic?.from, source.length);
    assert.match(diagnostic?.message ?? '', /Hint: add the missing `}`/);
  });

  it('warns when a secret field holds a literal, at the literal, suggesting secrets.NAME', () => {
    const source = "{ host: 'db', password: 'hunter2', ssl: { key: 'PEM' } }";
    const diagnostics = lintConfig(source, options);
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, source.slice(d.from, d.to)]),
      [
        ['warning', "'hunter2'"],
        ['warning', "'PEM'"],
      ],
    );
    assert.match(diagnostics[0]?.message ?? '', /`password` holds its value as plain text.*password: secrets\.PASSWORD/);
    assert.match(diagnostics[1]?.message ?? '', /key: secrets\.SSL_KEY/);
  });

  it('does not warn about an empty literal or a secret joined into text', () => {
    const source = "{ password: '', connectionString: 'postgres://u:' + secrets.PW + '@db/x' }";
    assert.deepEqual(lintConfig(source, options), []);
  });

  it('warns about a secret that does not exist yet, only when the list of secrets is known', () => {
    const source = "{ host: 'db', password: secrets.NOPE }";
    assert.deepEqual(lintConfig(source, options), []);
    const [diagnostic] = lintConfig(source, { ...options, existingSecrets: ['OTHER'] });
    assert.equal(source.slice(diagnostic?.from, diagnostic?.to), 'secrets.NOPE');
    assert.match(diagnostic?.message ?? '', /Secret "NOPE" does not exist yet/);
  });

  it('refuses keys the type does not have, top level and nested, naming the likely meant one', () => {
    const source = "{ hots: 'db', ssl: { rejectUnauthorised: false } }";
    const diagnostics = lintConfig(source, options);
    assert.deepEqual(
      diagnostics.map((d) => source.slice(d.from, d.to)),
      ['hots', 'rejectUnauthorised'],
    );
    assert.match(diagnostics[0]?.message ?? '', /`hots` is not a field of this connection type.*Did you mean `host`\?/);
    assert.match(diagnostics[1]?.message ?? '', /`rejectUnauthorised` is not a field of `ssl`.*`rejectUnauthorized`/);
  });
});
