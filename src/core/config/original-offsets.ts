import type { ConfigNode, ConfigObjectNode, SourceLocation } from './types.ts';

/**
 * Moves every location of a tree parsed from `source` with commas added at `added` (offsets in
 * the parsed text, ascending) back to the offsets of the source as written. Lines and columns
 * need no change: each comma went at the end of a line.
 */
export function withOriginalOffsets(tree: ConfigObjectNode, added: readonly number[]): ConfigObjectNode {
  if (added.length === 0) return tree;
  const original = (offset: number): number => offset - added.filter((position) => position < offset).length;
  const shift = (loc: SourceLocation): SourceLocation => ({ ...loc, start: original(loc.start), end: original(loc.end) });
  const visit = (node: ConfigNode): ConfigNode => {
    switch (node.kind) {
      case 'object':
        return { ...node, loc: shift(node.loc), entries: node.entries.map((entry) => ({ ...entry, keyLoc: shift(entry.keyLoc), value: visit(entry.value) })) };
      case 'array':
        return { ...node, loc: shift(node.loc), items: node.items.map(visit) };
      case 'concat':
        return { ...node, loc: shift(node.loc), parts: node.parts.map((part) => (typeof part === 'string' ? part : { ...part, loc: shift(part.loc) })) };
      default:
        return { ...node, loc: shift(node.loc) };
    }
  };
  return { ...tree, loc: shift(tree.loc), entries: tree.entries.map((entry) => ({ ...entry, keyLoc: shift(entry.keyLoc), value: visit(entry.value) })) };
}
