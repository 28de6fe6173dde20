import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldCompletions } from './field-completions.ts';
import { typeView } from './type-fixture.test-helper.ts';

const postgres = await typeView('postgres');
const sftp = await typeView('sftp');

/** The text with `|` marking the cursor, and the cursor's offset. */
function at(marked: string): [string, number] {
  const offset = marked.indexOf('|');
  return [marked.slice(0, offset) + marked.slice(offset + 1), offset];
}

function labels(marked: string, schema: object = postgres.jsonSchema): string[] | null {
  return fieldCompletions(...at(marked), schema)?.options.map((option) => option.label) ?? null;
}

describe('fieldCompletions', () => {
  it('offers the top-level fields of a new config with type and description', () => {
    const result = fieldCompletions(...at('{ | }'), postgres.jsonSchema);
    const host = result?.options.find((option) => option.label === 'host');
    assert.deepEqual(host, {
      label: 'host',
      apply: 'host: ',
      detail: 'string',
      info: 'Host name or IP address of the server. Required unless connectionString is given.',
      type: 'property',
    });
    assert.equal(result?.options.find((option) => option.label === 'ssl')?.detail, 'boolean | object');
    assert.equal(result?.options.find((option) => option.label === 'application_name')?.info?.endsWith('Default: "ziggy".'), true);
  });

  it('leaves out keys already written in the object, before and after the cursor', () => {
    const offered = labels("{\n  host: 'db',\n  |\n  port: 5432, // the port\n}");
    assert.ok(offered);
    assert.ok(!offered.includes('host') && !offered.includes('port'));
    assert.ok(offered.includes('user') && offered.includes('password'));
  });

  it('replaces the word being typed and counts it from its start', () => {
    const [source, offset] = at("{ host: 'db', us| }");
    const result = fieldCompletions(source, offset, postgres.jsonSchema);
    assert.equal(result?.from, source.indexOf('us'));
    assert.equal(result?.to, offset);
  });

  it('does not add a second colon when renaming a key', () => {
    const [source, offset] = at('{ po|rt: 5432 }');
    const result = fieldCompletions(source, offset, postgres.jsonSchema);
    assert.equal(result?.to, source.indexOf(':'));
    assert.equal(result?.options.find((option) => option.label === 'port')?.apply, 'port');
  });

  it('offers the fields of a nested object, including one of several alternatives', () => {
    assert.deepEqual(labels("{ host: 'db', ssl: { ca: 'x', | } }"), ['rejectUnauthorized', 'cert', 'key', 'servername']);
    const nested = labels('{ algorithms: { kex: [], | } }', sftp.jsonSchema);
    assert.deepEqual(nested, ['cipher', 'serverHostKey', 'hmac', 'compress']);
  });

  it('still works in a half-written config that does not parse', () => {
    assert.ok(labels("{\n  host: 'db'\n  |")?.includes('port'));
    assert.ok(labels("{ host: 'db', ssl: {|")?.includes('ca'));
  });

  it('offers nothing at a value, inside a string or comment, or where the schema has no object', () => {
    assert.equal(labels('{ host: | }'), null);
    assert.equal(labels("{ host: 'd|b' }"), null);
    assert.equal(labels('{ // ho| \n}'), null);
    assert.equal(labels('{ port: { | } }'), null);
    assert.equal(labels('|'), null);
  });
});
