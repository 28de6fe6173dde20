import type { ConfigNode, SecretReference } from './types.ts';

/** Every secret reference in a config tree, in source order, including those inside concatenations. */
export function secretReferences(tree: ConfigNode): SecretReference[] {
  const found: SecretReference[] = [];
  collect(tree, found);
  return found;
}

/** The distinct names of the secrets a config tree references, sorted. */
export function secretNames(tree: ConfigNode): string[] {
  return [...new Set(secretReferences(tree).map((ref) => ref.name))].sort();
}

function collect(node: ConfigNode, found: SecretReference[]): void {
  switch (node.kind) {
    case 'secret':
      found.push(node);
      return;
    case 'concat':
      for (const part of node.parts) if (typeof part !== 'string') found.push(part);
      return;
    case 'object':
      for (const entry of node.entries) collect(entry.value, found);
      return;
    case 'array':
      for (const item of node.items) collect(item, found);
      return;
    default:
      return;
  }
}
