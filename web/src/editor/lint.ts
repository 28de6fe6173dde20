import { ConfigSyntaxError, parseConfig, secretReferences } from '../../../src/core/config/index.ts';
import type { ConfigNode, ConfigObjectNode } from '../../../src/core/config/types.ts';
import { fieldsAt, isClosedObject, type JsonSchema } from './json-schema.ts';
import { closestName } from './closest-name.ts';
import { offsetAt, tokenEnd } from './source-position.ts';

/** A problem at a range of the source, in the shape CodeMirror's linter takes. */
export interface ConfigDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface LintOptions {
  /** Dotted paths the type marks as secret (`password`, `ssl.key`): a literal there is warned about. */
  secretFields: readonly string[];
  /** The secrets that exist; when given, a reference to any other is warned about. */
  existingSecrets?: readonly string[];
  /** The type's JSON Schema; when given, keys it does not allow are errors, as the server refuses them. */
  jsonSchema?: object;
}

/**
 * Checks a config source the way the server does: the same parser, so a syntax error is reported
 * at the same line and column with the same hint; then what the server only warns about.
 */
export function lintConfig(source: string, options: LintOptions): ConfigDiagnostic[] {
  let tree: ConfigObjectNode;
  try {
    tree = parseConfig(source);
  } catch (error) {
    return [syntaxDiagnostic(source, error)];
  }
  return [
    ...(options.jsonSchema ? unknownKeys(tree, options.jsonSchema as JsonSchema, []) : []),
    ...secretLiterals(tree, options.secretFields),
    ...(options.existingSecrets ? missingSecrets(tree, options.existingSecrets) : []),
  ].sort((a, b) => a.from - b.from);
}

function syntaxDiagnostic(source: string, error: unknown): ConfigDiagnostic {
  if (!(error instanceof ConfigSyntaxError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { from: 0, to: Math.min(1, source.length), severity: 'error', message };
  }
  const from = offsetAt(source, error.details.line, error.details.column);
  return { from, to: tokenEnd(source, from), severity: 'error', message: error.message };
}

function secretLiterals(tree: ConfigObjectNode, secretFields: readonly string[]): ConfigDiagnostic[] {
  return secretFields.flatMap((field) => {
    const node = nodeAt(tree, field.split('.'));
    if (node?.kind !== 'string' || node.value === '') return [];
    const suggestion = `secrets.${field.replaceAll('.', '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
    return [
      {
        from: node.loc.start,
        to: node.loc.end,
        severity: 'warning' as const,
        message:
          `\`${field}\` holds its value as plain text. Store it in the Secrets Manager and write ` +
          `secrets.NAME here instead, e.g. ${field.split('.').at(-1)}: ${suggestion}.`,
      },
    ];
  });
}

function missingSecrets(tree: ConfigObjectNode, existing: readonly string[]): ConfigDiagnostic[] {
  const known = new Set(existing);
  return secretReferences(tree)
    .filter((reference) => !known.has(reference.name))
    .map((reference) => ({
      from: reference.loc.start,
      to: reference.loc.end,
      severity: 'warning' as const,
      message: `Secret "${reference.name}" does not exist yet. Create it in the Secrets Manager before testing or running; the config can be saved meanwhile.`,
    }));
}

function unknownKeys(node: ConfigNode, root: JsonSchema, path: Array<string | number>): ConfigDiagnostic[] {
  if (node.kind === 'array') return node.items.flatMap((item, index) => unknownKeys(item, root, [...path, index]));
  if (node.kind !== 'object') return [];
  const allowed = fieldsAt(root, path).map((field) => field.name);
  const closed = isClosedObject(root, path);
  return node.entries.flatMap((entry) => {
    const nested = unknownKeys(entry.value, root, [...path, entry.key]);
    if (!closed || allowed.includes(entry.key)) return nested;
    const near = closestName(entry.key, allowed);
    const where = path.length === 0 ? 'this connection type' : `\`${path.join('.')}\``;
    const unknown: ConfigDiagnostic = {
      from: entry.keyLoc.start,
      to: entry.keyLoc.end,
      severity: 'error',
      message:
        `\`${entry.key}\` is not a field of ${where}, so saving is refused.` +
        (near ? ` Did you mean \`${near}\`?` : ` Fields: ${allowed.join(', ')}.`),
    };
    return [unknown, ...nested];
  });
}

function nodeAt(tree: ConfigNode, path: readonly string[]): ConfigNode | undefined {
  let node: ConfigNode | undefined = tree;
  for (const key of path) node = node?.kind === 'object' ? node.entries.find((entry) => entry.key === key)?.value : undefined;
  return node;
}
