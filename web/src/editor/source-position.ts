// The line terminators acorn counts, so a parser's line and column map back to the same character.
const lineBreak = /\r\n?|\n|\u2028|\u2029/g;

/** The 0-based offset of a 1-based line and column, clamped to the text. */
export function offsetAt(source: string, line: number, column: number): number {
  let lineStart = 0;
  let current = 1;
  lineBreak.lastIndex = 0;
  while (current < line) {
    const match = lineBreak.exec(source);
    if (!match) break;
    lineStart = match.index + match[0].length;
    current += 1;
  }
  return Math.min(source.length, lineStart + Math.max(0, column - 1));
}

/** The end of the word (identifier or number) starting at `from`, or one character further for anything else. */
export function tokenEnd(source: string, from: number): number {
  const rest = source.slice(from).match(/^[\w$.]+/);
  if (rest) return from + rest[0].length;
  return Math.min(source.length, from + 1);
}
