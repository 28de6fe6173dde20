/**
 * A forgiving tokenizer for config text while it is being typed: unlike the parser it never
 * stops at a mistake, so completion still knows where the cursor is in a half-written object.
 */
export type ConfigTokenKind = 'punct' | 'word' | 'string' | 'template' | 'comment' | 'other';

export interface ConfigToken {
  kind: ConfigTokenKind;
  /** The text; for a string, its value without quotes. */
  value: string;
  start: number;
  end: number;
  /** A string, template or comment that runs to the end of its line or of the text. */
  unterminated?: boolean;
}

const punctuation = new Set(['{', '}', '[', ']', ':', ',']);

export function tokenizeConfig(source: string): ConfigToken[] {
  const tokens: ConfigToken[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source[at] ?? '';
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    const token = readToken(source, at, char);
    tokens.push(token);
    at = token.end;
  }
  return tokens;
}

function readToken(source: string, at: number, char: string): ConfigToken {
  if (source.startsWith('//', at)) {
    const end = lineEnd(source, at);
    return { kind: 'comment', value: source.slice(at, end), start: at, end, unterminated: true };
  }
  if (source.startsWith('/*', at)) {
    const close = source.indexOf('*/', at + 2);
    const end = close === -1 ? source.length : close + 2;
    return { kind: 'comment', value: source.slice(at, end), start: at, end, unterminated: close === -1 };
  }
  if (char === "'" || char === '"') return readString(source, at, char);
  if (char === '`') return readTemplate(source, at);
  if (punctuation.has(char)) return { kind: 'punct', value: char, start: at, end: at + 1 };
  const word = /^[\w$]+/.exec(source.slice(at, at + 200));
  if (word) return { kind: 'word', value: word[0], start: at, end: at + word[0].length };
  return { kind: 'other', value: char, start: at, end: at + 1 };
}

function lineEnd(source: string, from: number): number {
  const match = /[\n\r\u2028\u2029]/.exec(source.slice(from));
  return match ? from + match.index : source.length;
}

function readString(source: string, start: number, quote: string): ConfigToken {
  let at = start + 1;
  let value = '';
  while (at < source.length) {
    const char = source[at] ?? '';
    if (char === quote) return { kind: 'string', value, start, end: at + 1 };
    if (char === '\n' || char === '\r') break;
    if (char === '\\') {
      value += source[at + 1] ?? '';
      at += 2;
      continue;
    }
    value += char;
    at += 1;
  }
  return { kind: 'string', value, start, end: at, unterminated: true };
}

// `${ }` may hold braces of its own; count them so the template ends at its real backtick.
function readTemplate(source: string, start: number): ConfigToken {
  let at = start + 1;
  let depth = 0;
  while (at < source.length) {
    const char = source[at];
    if (char === '\\') at += 2;
    else if (depth === 0 && char === '`') return { kind: 'template', value: source.slice(start, at + 1), start, end: at + 1 };
    else if (char === '$' && source[at + 1] === '{') {
      depth += 1;
      at += 2;
    } else {
      if (char === '{') depth += 1;
      if (char === '}' && depth > 0) depth -= 1;
      at += 1;
    }
  }
  return { kind: 'template', value: source.slice(start), start, end: source.length, unterminated: true };
}
