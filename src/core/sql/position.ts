/** Line and column (from 1) of a position the server counts in characters from 1. */
export function lineAndColumn(sql: string, position: number): { line: number; column: number } {
  const before = [...sql].slice(0, position - 1).join('');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The SQL line the position falls on, shortened around it, so a message shows where. */
export function sqlExcerpt(sql: string, position: number): string {
  const characters = [...sql];
  const start = characters.lastIndexOf('\n', position - 2) + 1;
  const endOfLine = characters.indexOf('\n', position - 1);
  const end = endOfLine === -1 ? characters.length : endOfLine;
  const from = Math.max(start, position - 1 - 40);
  const to = Math.min(end, position - 1 + 40);
  return `"${from > start ? '…' : ''}${characters.slice(from, to).join('').trim()}${to < end ? '…' : ''}"`;
}
