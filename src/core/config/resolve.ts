import { ZiggyError } from '../errors.ts';
import type { Mode } from '../mode.ts';
import type { ConfigNode, ConfigObjectNode, ResolvedConfig, ResolvedValue, SecretReference } from './types.ts';

export interface ResolveOptions {
  mode: Mode;
  /** The connection's name, for the message when a secret is missing. */
  connection: string;
  /** The secret's value in this mode (with prod's fallback to dev already applied), or undefined if there is none. */
  lookup: (name: string) => string | undefined;
}

/**
 * The plain object a config tree stands for in one mode: secret references become their
 * values and concatenations are joined. A missing secret is a `secret_missing` error that
 * names the secret and where it is referenced, never any value.
 */
export function resolveConfig(tree: ConfigObjectNode, options: ResolveOptions): ResolvedConfig {
  return resolveObject(tree, options);
}

function resolveObject(node: ConfigObjectNode, options: ResolveOptions): ResolvedConfig {
  const result: ResolvedConfig = {};
  for (const { key, value } of node.entries) {
    const resolved = resolveValue(value, options);
    // Plain assignment to `__proto__` would replace the prototype; the parser refuses that key, trees built by hand may not.
    if (key === '__proto__') {
      Object.defineProperty(result, key, { value: resolved, enumerable: true, writable: true, configurable: true });
    } else {
      result[key] = resolved;
    }
  }
  return result;
}

function resolveValue(node: ConfigNode, options: ResolveOptions): ResolvedValue {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'secret':
      return resolveSecret(node, options);
    case 'concat':
      return node.parts.map((part) => (typeof part === 'string' ? part : resolveSecret(part, options))).join('');
    case 'object':
      return resolveObject(node, options);
    case 'array':
      return node.items.map((item) => resolveValue(item, options));
  }
}

function resolveSecret(ref: SecretReference, { mode, connection, lookup }: ResolveOptions): string {
  const value = lookup(ref.name);
  if (value === undefined) {
    throw new ZiggyError(
      'secret_missing',
      `Secret "${ref.name}" referenced by connection "${connection}" (mode ${mode}) does not exist.`,
      { secret: ref.name, connection, mode, line: ref.loc.line, column: ref.loc.column },
    );
  }
  return value;
}
