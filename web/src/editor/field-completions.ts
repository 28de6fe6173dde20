import { keyPositionAt } from './config-context.ts';
import { fieldsAt, typeLabel, type JsonSchema } from './json-schema.ts';

/** One suggestion, in the shape CodeMirror's autocompletion takes. */
export interface CompletionOption {
  label: string;
  /** What is inserted; the label when absent. */
  apply?: string;
  detail?: string;
  info?: string;
  type: 'property' | 'variable' | 'function' | 'constant' | 'namespace' | 'method';
  boost?: number;
}

export interface CompletionList {
  from: number;
  to: number;
  options: CompletionOption[];
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * The type's fields that fit where the cursor is: at a key of the config object or of an object
 * nested in it, the fields its JSON Schema lists there that are not written yet, with their
 * type and description. Null when the cursor is not at a key.
 */
export function fieldCompletions(source: string, cursorOffset: number, jsonSchema: object): CompletionList | null {
  const position = keyPositionAt(source, cursorOffset);
  if (!position) return null;
  const root = jsonSchema as JsonSchema;
  const written = new Set(position.keys);
  const options = fieldsAt(root, position.path)
    .filter((field) => !written.has(field.name))
    .map((field): CompletionOption => {
      const key = identifier.test(field.name) ? field.name : `'${field.name.replaceAll("'", "\\'")}'`;
      return {
        label: key,
        apply: position.colonFollows ? key : `${key}: `,
        detail: typeLabel(root, field.schema),
        info: describe(field.schema),
        type: 'property',
      };
    });
  if (options.length === 0) return null;
  return { from: position.from, to: position.to, options };
}

function describe(schema: JsonSchema): string {
  const text = schema.description ?? '';
  return schema.default === undefined ? text : `${text}${text ? ' ' : ''}Default: ${JSON.stringify(schema.default)}.`;
}
