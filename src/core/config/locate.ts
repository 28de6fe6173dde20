import type { ConfigNode, ConfigObjectNode, ConfigPath, SourceLocation } from './types.ts';

/**
 * Where the value at `path` is written in the source, e.g. `['options', 'encrypt']` or `['hosts', 0]`.
 * When the path goes further than the source does, the deepest part that exists is returned
 * (the key of an entry, or an array item); undefined when not even the first step exists.
 */
export function locateField(tree: ConfigObjectNode, path: ConfigPath): SourceLocation | undefined {
  let node: ConfigNode = tree;
  let deepest: SourceLocation | undefined;
  for (const step of path) {
    const next = child(node, step);
    if (next === undefined) return deepest;
    node = next.node;
    deepest = next.at;
  }
  return node.loc;
}

function child(node: ConfigNode, step: string | number): { node: ConfigNode; at: SourceLocation } | undefined {
  if (node.kind === 'object') {
    const entry = node.entries.find((candidate) => candidate.key === String(step));
    return entry && { node: entry.value, at: entry.keyLoc };
  }
  // Paths written as text ('hosts.0') carry indexes as strings.
  const index = typeof step === 'number' ? step : /^\d+$/.test(step) ? Number(step) : -1;
  const item = node.kind === 'array' ? node.items[index] : undefined;
  return item && { node: item, at: item.loc };
}
