/** The parts of a JSON Schema (as zod's toJSONSchema writes them) that completion and lint read. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
}

export interface SchemaField {
  name: string;
  schema: JsonSchema;
}

/** The alternatives a schema stands for: `$ref`, `anyOf`, `oneOf` and `allOf` flattened. */
export function variants(root: JsonSchema, schema: JsonSchema, seen = new Set<JsonSchema>()): JsonSchema[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const target = schema.$ref ? resolveRef(root, schema.$ref) : undefined;
  const nested = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  if (target) nested.push(target);
  if (nested.length === 0) return [schema];
  return nested.flatMap((child) => variants(root, child, seen));
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (ref === '#') return root;
  if (!match) return undefined;
  const table = match[1] === '$defs' ? root.$defs : root.definitions;
  return table?.[decodeURIComponent(match[2] ?? '').replaceAll('~1', '/').replaceAll('~0', '~')];
}

/** The schemas that may sit at a path of keys and array indexes; empty when the schema says nothing there. */
export function schemasAt(root: JsonSchema, path: ReadonlyArray<string | number>): JsonSchema[] {
  let current = variants(root, root);
  for (const step of path) {
    current = current.flatMap((schema) => {
      const child = typeof step === 'number' ? (schema.prefixItems?.[step] ?? schema.items) : schema.properties?.[step];
      return child ? variants(root, child) : [];
    });
  }
  return current;
}

/** The fields an object at a path may hold, in the schema's order, merged over its alternatives. */
export function fieldsAt(root: JsonSchema, path: ReadonlyArray<string | number>): SchemaField[] {
  const fields = new Map<string, JsonSchema>();
  for (const schema of schemasAt(root, path)) {
    for (const [name, child] of Object.entries(schema.properties ?? {})) if (!fields.has(name)) fields.set(name, child);
  }
  return [...fields].map(([name, schema]) => ({ name, schema }));
}

/** True when the schema at a path is an object that refuses keys it does not list. */
export function isClosedObject(root: JsonSchema, path: ReadonlyArray<string | number>): boolean {
  const objects = schemasAt(root, path).filter((schema) => schema.properties !== undefined);
  return objects.length > 0 && objects.every((schema) => schema.additionalProperties === false);
}

/** A short type for a completion's detail: `string`, `integer`, `boolean | object`, `string[]`, `'a' | 'b'`. */
export function typeLabel(root: JsonSchema, schema: JsonSchema): string {
  const labels = variants(root, schema).map((variant) => {
    if (variant.enum) return variant.enum.map((value) => JSON.stringify(value)).join(' | ');
    if (variant.const !== undefined) return JSON.stringify(variant.const);
    const types = Array.isArray(variant.type) ? variant.type : variant.type ? [variant.type] : [];
    if (types.includes('array') && variant.items) return `${typeLabel(root, variant.items)}[]`;
    return types.join(' | ') || 'any';
  });
  return [...new Set(labels)].join(' | ');
}
