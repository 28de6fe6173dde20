// JavaScript's line terminators, which end a `//` comment.
function isLineTerminator(char: string): boolean {
  return char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029';
}

/**
 * The offset of the first character at or after `pos` that is not whitespace or a comment;
 * `source.length` when only those follow. An unclosed block comment runs to the end.
 */
export function skipTrivia(source: string, pos: number): number {
  let at = pos;
  while (at < source.length) {
    const char = source[at] ?? '';
    if (/\s/.test(char)) {
      at += 1;
    } else if (source.startsWith('//', at)) {
      at += 2;
      while (at < source.length && !isLineTerminator(source[at] ?? '')) at += 1;
    } else if (source.startsWith('/*', at)) {
      const close = source.indexOf('*/', at + 2);
      at = close === -1 ? source.length : close + 2;
    } else {
      return at;
    }
  }
  return at;
}

/** A short, one-line excerpt of source text for an error message. */
export function excerpt(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
