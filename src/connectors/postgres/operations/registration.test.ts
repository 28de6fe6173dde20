import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import postgres from '../index.ts';

interface JsonSchema {
  description?: string;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
}

/** Every property of a JSON Schema, looking through anyOf branches, as [dotted path, schema]. */
function properties(schema: JsonSchema, prefix = ''): Array<[string, JsonSchema]> {
  return [schema, ...(schema.anyOf ?? [])].flatMap((branch) =>
    Object.entries(branch.properties ?? {}).flatMap(([key, property]): Array<[string, JsonSchema]> => [
      [`${prefix}${key}`, property],
      ...properties(property, `${prefix}${key}.`),
    ]),
  );
}

test('the SQL Block operations are registered under their names', () => {
  assert.deepEqual(Object.keys(postgres.operations), ['select', 'insert', 'upsert', 'update', 'delete', 'raw']);
});

test('every operation has a JSON Schema for the UI in which every parameter is described', () => {
  for (const [name, operation] of Object.entries(postgres.operations)) {
    assert.ok(operation.label.length > 0 && operation.description.length > 0, name);
    const found = properties(z.toJSONSchema(operation.input, { io: 'input' }) as JsonSchema);
    assert.ok(found.length > 0, `${name} has no parameters in its JSON Schema`);
    for (const [path, property] of found) assert.ok(property.description, `${name}: parameter ${path} has no description`);
  }
});

test('docs/connectors/postgres.md documents every operation and its parameters', async () => {
  const markdown = await readFile(new URL('../../../../docs/connectors/postgres.md', import.meta.url), 'utf8');
  const section = markdown.slice(markdown.indexOf('## Operations'));
  assert.ok(section.length > 20, 'the page has no Operations section');
  for (const [name, operation] of Object.entries(postgres.operations)) {
    assert.ok(section.includes(`\`${name}\``), `operation ${name} is not documented`);
    const shape = (z.toJSONSchema(operation.input, { io: 'input' }) as JsonSchema).properties ?? {};
    for (const parameter of Object.keys(shape)) assert.ok(section.includes(`\`${parameter}\``), `${name}: parameter ${parameter} is not documented`);
  }
});
