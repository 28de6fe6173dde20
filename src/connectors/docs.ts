import { z } from 'zod';
import type { AnyConnector } from '../core/index.ts';

const fieldsStart = '<!-- fields:start -->';
const fieldsEnd = '<!-- fields:end -->';

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  defaultValue: unknown;
  description: string;
}

/**
 * The markdown table of a connector's config fields, rendered from its JSON Schema: requiredness
 * as users write the config (input side, where defaulted fields are optional), defaults from the
 * output side, secret marks from `secretFields`.
 */
export function fieldTable(connector: AnyConnector): string {
  const input = z.toJSONSchema(connector.schema, { io: 'input' }) as JsonSchema;
  const output = z.toJSONSchema(connector.schema) as JsonSchema;
  const lines = ['| Field | Type | Required | Default | Secret | Description |', '| --- | --- | --- | --- | --- | --- |'];
  for (const row of fieldRows(input, output, '')) {
    const cells = [
      `\`${row.path}\``,
      row.type,
      row.required ? 'yes' : 'no',
      row.defaultValue === undefined ? '' : `\`${JSON.stringify(row.defaultValue)}\``,
      connector.secretFields.includes(row.path) ? 'yes' : '',
      row.description,
    ];
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

function fieldRows(input: JsonSchema, output: JsonSchema | undefined, prefix: string): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const branch of [input, ...(input.anyOf ?? [])]) {
    const outputBranch = branch === input ? output : output?.anyOf?.[input.anyOf?.indexOf(branch) ?? -1];
    for (const [name, property] of Object.entries(branch.properties ?? {})) {
      const outputProperty = outputBranch?.properties?.[name];
      const path = `${prefix}${name}`;
      rows.push({
        path,
        type: typeName(property),
        required: branch.required?.includes(name) ?? false,
        defaultValue: outputProperty?.default,
        description: property.description ?? '',
      });
      rows.push(...fieldRows(property, outputProperty, `${path}.`));
    }
  }
  return rows;
}

function typeName(schema: JsonSchema): string {
  if (schema.enum !== undefined) return schema.enum.map((value) => JSON.stringify(value)).join(' or ');
  if (schema.anyOf !== undefined) return schema.anyOf.map(typeName).join(' or ');
  if (schema.type === 'array') return `${schema.items === undefined ? 'any' : typeName(schema.items)}[]`;
  return schema.type ?? 'any';
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The markdown with the text between the field markers replaced by `table`; throws if the markers are missing. */
export function withFieldTable(markdown: string, table: string): string {
  const start = markdown.indexOf(fieldsStart);
  const end = markdown.indexOf(fieldsEnd);
  if (start === -1 || end < start) {
    throw new Error(`The page has no ${fieldsStart} … ${fieldsEnd} section to put the field table in.`);
  }
  return `${markdown.slice(0, start + fieldsStart.length)}\n${table}\n${markdown.slice(end)}`;
}
