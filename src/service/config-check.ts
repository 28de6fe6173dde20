import {
  ZiggyError,
  isZiggyError,
  locateField,
  parseConfig,
  resolveConfig,
  secretNames,
  type AnyConnector,
  type ConfigNode,
  type ConfigObjectNode,
  type ConfigPath,
  type Mode,
} from '../core/index.ts';
import type { Warning } from './types.ts';

export const modeLabel: Record<Mode, string> = { dev: 'Development', prod: 'Production' };

// Stands in for every secret while checking a source at save time: the values are not needed to check the shape.
const placeholderSecret = 'secret-placeholder';

export interface SchemaIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** Parses a mode's source, turning a syntax error into one that says which mode's config it is in. */
export function parseSource(source: string, mode: Mode): ConfigObjectNode {
  try {
    return parseConfig(source);
  } catch (error) {
    if (isZiggyError(error)) {
      throw new ZiggyError(error.id, `${modeLabel[mode]} config: ${error.message}`, { ...error.details, mode });
    }
    throw error;
  }
}

/** The node at a path, or undefined when the path does not exist in the source. */
export function nodeAt(tree: ConfigNode, path: ConfigPath): ConfigNode | undefined {
  let node: ConfigNode | undefined = tree;
  for (const key of path) {
    if (node?.kind === 'object') node = node.entries.find((entry) => entry.key === String(key))?.value;
    else if (node?.kind === 'array' && typeof key === 'number') node = node.items[key];
    else return undefined;
  }
  return node;
}

function dependsOnSecret(node: ConfigNode | undefined): boolean {
  return node?.kind === 'secret' || (node?.kind === 'concat' && node.parts.some((part) => typeof part !== 'string'));
}

/** Zod issues of a resolved config, each with its field path and source position. */
export function schemaIssues(connector: AnyConnector, tree: ConfigObjectNode, config: unknown): SchemaIssue[] {
  const parsed = connector.schema.safeParse(config);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const fieldPath = unknownKeys.length > 0 ? [...path, unknownKeys[0] ?? ''] : path;
    const loc = locateField(tree, fieldPath);
    return {
      path: fieldPath.join('.') || '(root)',
      message: issue.message,
      ...(loc ? { line: loc.line, column: loc.column } : {}),
    };
  });
}

/**
 * Checks one mode's source for a save: syntax and the type's schema refuse the save;
 * a reference to a secret that does not exist yet and a literal in a secret field only warn.
 * Secret values are not needed: every reference stands in as a placeholder, and issues
 * on fields that come from a secret are left to the test, which sees the real value.
 */
export function checkSource(
  connector: AnyConnector,
  source: string,
  mode: Mode,
  existingSecrets: ReadonlySet<string>,
): Warning[] {
  const tree = parseSource(source, mode);
  const config = resolveConfig(tree, { mode, connection: '(draft)', lookup: () => placeholderSecret });
  const issues = schemaIssues(connector, tree, config).filter(
    (issue) => !dependsOnSecret(nodeAt(tree, issue.path.split('.'))),
  );
  if (issues.length > 0) {
    const listed = issues
      .map((issue) => `${issue.path}: ${issue.message}${issue.line ? ` (line ${issue.line}, column ${issue.column})` : ''}`)
      .join('; ');
    throw new ZiggyError('config_invalid', `${modeLabel[mode]} config does not fit type ${connector.id}: ${listed}`, {
      mode,
      type: connector.id,
      issues,
    });
  }
  const warnings: Warning[] = [];
  for (const name of secretNames(tree)) {
    if (!existingSecrets.has(name)) {
      warnings.push({
        code: 'secret_missing',
        mode,
        message: `${modeLabel[mode]} config references secret "${name}", which does not exist yet; create it before testing or running.`,
      });
    }
  }
  for (const field of connector.secretFields) {
    const node = nodeAt(tree, field.split('.'));
    if (node?.kind === 'string' && node.value !== '') {
      warnings.push({
        code: 'secret_literal',
        mode,
        field,
        line: node.loc.line,
        column: node.loc.column,
        message: `${modeLabel[mode]} config holds a literal in "${field}": keep it in the Secrets Manager and write secrets.NAME instead.`,
      });
    }
  }
  return warnings;
}
