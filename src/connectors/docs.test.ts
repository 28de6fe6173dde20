import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fieldTable, withFieldTable } from './docs.ts';
import { connectors } from './index.ts';
import postgres from './postgres/index.ts';
import sftp from './sftp/index.ts';

for (const connector of connectors) {
  test(`docs/connectors/${connector.id}.md shows the current field table and example`, async () => {
    const markdown = await readFile(new URL(`../../docs/connectors/${connector.id}.md`, import.meta.url), 'utf8');
    assert.equal(
      withFieldTable(markdown, fieldTable(connector)),
      markdown,
      `the field table of docs/connectors/${connector.id}.md is out of date: run node src/connectors/write-docs.ts`,
    );
    assert.ok(markdown.includes(connector.example), `docs/connectors/${connector.id}.md does not show the connector's example`);
  });

  test(`docs/connectors/${connector.id}.md documents every operation and its parameters`, async () => {
    const markdown = await readFile(new URL(`../../docs/connectors/${connector.id}.md`, import.meta.url), 'utf8');
    const operations = Object.entries(connector.operations);
    const section = markdown.slice(markdown.indexOf('## Operations'));
    if (operations.length > 0) assert.ok(section.length > 20, 'the page has no Operations section');
    for (const [name, operation] of operations) {
      assert.ok(section.includes(`\`${name}\``), `operation ${name} is not documented`);
      const shape = (z.toJSONSchema(operation.input, { io: 'input' }) as { properties?: Record<string, unknown> }).properties ?? {};
      for (const parameter of Object.keys(shape)) assert.ok(section.includes(`\`${parameter}\``), `${name}: parameter ${parameter} is not documented`);
    }
  });
}

test('the table has a row per field, nested fields dotted, with defaults, requiredness and secret marks', () => {
  const rows = fieldTable(sftp).split('\n');
  assert.ok(rows.includes(
    "| `port` | integer | no | `22` |  | TCP port of the SSH server; a string such as '22' is accepted. |",
  ));
  assert.ok(rows.some((row) => row.startsWith('| `host` | string | yes |')));
  assert.ok(rows.some((row) => row.startsWith('| `password` | string | no |  | yes |')));
  assert.ok(rows.some((row) => row.startsWith('| `algorithms.kex` | string[] | no |')));
  assert.ok(fieldTable(postgres).split('\n').some((row) => row.startsWith('| `ssl` | boolean or object | no |')));
  assert.ok(fieldTable(postgres).includes('| `ssl.key` | string | no |  | yes |'));
});

test('replacing the section keeps the rest of the page and refuses a page without markers', () => {
  const page = 'intro\n<!-- fields:start -->\nold\n<!-- fields:end -->\noutro\n';
  assert.equal(withFieldTable(page, 'new'), 'intro\n<!-- fields:start -->\nnew\n<!-- fields:end -->\noutro\n');
  assert.throws(() => withFieldTable('no markers', 'new'), /fields:start/);
});
