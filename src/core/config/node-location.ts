import { getLineInfo, type Node } from 'acorn';
import type { SourceLocation } from './types.ts';

/** A parsed node's position in the user's source (acorn runs with `locations: true`). */
export function locOf(node: Node): SourceLocation {
  const start = node.loc!.start;
  return { line: start.line, column: start.column + 1, start: node.start, end: node.end };
}

/** The 1-based line and column of an offset, counted the way acorn counts them. */
export function locAtOffset(source: string, offset: number): { line: number; column: number } {
  const { line, column } = getLineInfo(source, offset);
  return { line, column: column + 1 };
}
