import { tokenizer, tokTypes as tt, type Token, type TokenType } from 'acorn';
import { ConfigSyntaxError, syntaxErrorAt } from './config-syntax-error.ts';
import { locAtOffset } from './node-location.ts';
import { excerpt } from './trivia.ts';

/** What acorn throws for text it cannot parse: a SyntaxError with the offending offset. */
export interface AcornSyntaxError extends SyntaxError {
  pos: number;
  loc: { line: number; column: number };
}

export function isAcornSyntaxError(error: unknown): error is AcornSyntaxError {
  return error instanceof SyntaxError && typeof (error as Partial<AcornSyntaxError>).pos === 'number';
}

const generalHint =
  'the config is one object literal of plain values, entries separated by commas: ' +
  "{ host: 'db.internal', port: 5432, password: secrets.DB_PASSWORD }.";

const closerOf = new Map<TokenType, string>([
  [tt.braceL, '}'],
  [tt.bracketL, ']'],
  [tt.parenL, ')'],
  [tt.dollarBraceL, '}'],
]);
const closers = new Set<TokenType>([tt.braceR, tt.bracketR, tt.parenR]);
const literalTokens = [tt.string, tt.num, tt.name, tt._true, tt._false, tt._null];
const valueEnds = new Set<TokenType>([...literalTokens, tt.braceR, tt.bracketR]);
const valueStarts = new Set<TokenType>([...literalTokens, tt.braceL, tt.bracketL, tt.backQuote]);
const keyTokens = new Set<TokenType>([tt.name, tt.string, tt.num]);

// Acorn's reasons (message without its "(line:column)" suffix) that need a plainer word and a hint.
const knownReasons: Record<string, { problem: string; hint: string }> = {
  'Unterminated string constant': {
    problem: 'unterminated string',
    hint:
      'end the string with the quote it starts with, on the same line; ' +
      'for text over several lines use a template literal (`...`).',
  },
  'Unterminated template': { problem: 'unterminated template literal', hint: 'end it with a backtick (`).' },
  'Unterminated comment': { problem: 'unterminated comment', hint: 'close the comment with */.' },
  'Unterminated regular expression': {
    problem: 'unterminated regular expression',
    hint: 'a / starts a comment (// or /*) or sits inside a quoted string; configs hold no regular expressions.',
  },
  'Not enough stack space to parse input': {
    problem: 'the config is nested too deeply to read',
    hint: 'flatten the config; connection settings never need to nest this deep.',
  },
  'Invalid number': {
    problem: 'invalid number',
    hint: 'write numbers in plain decimal without leading zeros (8, not 08), or quote them as strings.',
  },
  'Shorthand property assignments are valid only in destructuring patterns': {
    problem: 'unexpected `=`',
    hint: 'write entries as key: value, with a colon.',
  },
};

/** Turns acorn's syntax error into a ConfigSyntaxError that says what is wrong in the user's words. */
export function translateAcornError(error: AcornSyntaxError, source: string): ConfigSyntaxError {
  let reason = error.message.replace(/ \(\d+:\d+\)$/, '');
  const at = { line: error.loc.line, column: error.loc.column + 1 };
  // A `#` not starting a private name is reported at the character after it; the `#` is what is wrong.
  if (reason.startsWith('Unexpected character') && source[error.pos - 1] === '#') {
    reason = "Unexpected character '#'";
    at.column -= 1;
  }
  if (reason === 'Unexpected token') return unexpectedToken(source, error.pos, at);
  const known = knownReasons[reason];
  const found = describeAt(source, error.pos);
  if (known) return syntaxErrorAt(at, found, known.hint, known.problem);
  const problem = reason.charAt(0).toLowerCase() + reason.slice(1);
  return syntaxErrorAt(at, found, generalHint, problem);
}

/**
 * Where a comma belongs when the text stops parsing at `pos` only because two entries (or items)
 * of an object or array stand on different lines without one: the end of the first. The config
 * language lets a line break separate them, as people write (and the seed page's Elasticsearch
 * Serverless object does). Undefined for any other error, including a missing colon after a key
 * and two values on one line.
 */
export function lineBreakSeparatorAt(error: AcornSyntaxError, source: string): number | undefined {
  if (!error.message.startsWith('Unexpected token')) return undefined;
  const { tokens, open } = scanTo(source, error.pos);
  const [before, previous, current] = [tokens.at(-3), tokens.at(-2), tokens.at(-1)];
  if (previous === undefined || current === undefined || current.type === tt.eof) return undefined;
  const bracket = open.at(-1)?.type;
  if (bracket !== tt.braceL && bracket !== tt.bracketL) return undefined;
  const endsValue = valueEnds.has(previous.type) || (previous.type === tt.backQuote && before?.type === tt.template);
  if (!endsValue || !valueStarts.has(current.type)) return undefined;
  const afterKey = keyTokens.has(previous.type) && bracket === tt.braceL && (before?.type === tt.braceL || before?.type === tt.comma);
  if (afterKey || !source.slice(previous.end, current.start).includes('\n')) return undefined;
  return previous.end;
}

function describeAt(source: string, pos: number): string {
  const rest = source.slice(pos).match(/^\S{1,20}/)?.[0];
  return rest === undefined ? 'end of the config' : `\`${rest}\``;
}

interface Scan {
  /** Tokens up to and including the first one at or after the error offset. */
  tokens: Token[];
  /** Brackets open before that token, innermost last. */
  open: Token[];
}

function scanTo(source: string, pos: number): Scan {
  const tokens: Token[] = [];
  const open: Token[] = [];
  const reader = tokenizer(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: false });
  try {
    for (let token = reader.getToken(); ; token = reader.getToken()) {
      tokens.push(token);
      if (token.start >= pos || token.type === tt.eof) break;
      if (closerOf.has(token.type)) open.push(token);
      else if (closers.has(token.type)) open.pop();
    }
  } catch {
    // The tokenizer stops where the text stops being JavaScript; what it read so far is enough.
  }
  const last = tokens.at(-1);
  if (last && last.start < pos && last.type !== tt.eof) tokens.length = 0;
  return { tokens, open };
}

type Position = { line: number; column: number };

function unexpectedToken(source: string, pos: number, at: Position): ConfigSyntaxError {
  const { tokens, open } = scanTo(source, pos);
  const [before, previous, current] = [tokens.at(-3), tokens.at(-2), tokens.at(-1)];
  if (current === undefined) return syntaxErrorAt(at, describeAt(source, pos), generalHint);
  if (current.type === tt.eof) return unexpectedEnd(source, at, previous, open);
  const text = (token: Token): string => `\`${excerpt(source.slice(token.start, token.end), 30)}\``;
  // A backquote ends a value when it closes a template, that is when template text comes before it.
  const endsValue = valueEnds.has(previous?.type ?? tt.eof) || (previous?.type === tt.backQuote && before?.type === tt.template);
  if (previous && endsValue && valueStarts.has(current.type)) {
    // Two values in a row: after a key a colon is missing, after a value a comma; both belong right after it.
    const gap = locAtOffset(source, previous.end);
    const afterKey =
      keyTokens.has(previous.type) &&
      open.at(-1)?.type === tt.braceL &&
      (before?.type === tt.braceL || before?.type === tt.comma);
    if (afterKey) {
      const key = text(previous);
      return syntaxErrorAt(gap, text(current), `write ${key} as key: value, with a colon.`, `a colon is likely missing after the key ${key}`);
    }
    const line = locAtOffset(source, current.start).line;
    return syntaxErrorAt(
      gap,
      text(current),
      `add a comma before ${text(current)} on line ${line}; entries and items are separated by commas.`,
      'a comma is likely missing after this value',
    );
  }
  if (previous?.type === tt.colon && (current.type === tt.braceR || current.type === tt.comma)) {
    const hint = 'write a value after the colon, or remove the entry.';
    return syntaxErrorAt(at, text(current), hint, 'a value is missing after the colon');
  }
  return syntaxErrorAt(at, text(current), generalHint);
}

function unexpectedEnd(source: string, at: Position, previous: Token | undefined, open: Token[]): ConfigSyntaxError {
  if (previous === undefined) {
    const hint = "write an object literal, e.g. { host: 'db.internal', port: 5432 }.";
    return syntaxErrorAt(at, 'no object', hint, 'the config is empty');
  }
  const innermost = open.at(-1);
  if (innermost === undefined) {
    const hint = 'finish the last value, or remove what is left of it.';
    return syntaxErrorAt(at, 'end of the config', hint, 'the config ends too early');
  }
  const opened = locAtOffset(source, innermost.start);
  const bracket = source.slice(innermost.start, innermost.end);
  return syntaxErrorAt(
    at,
    'end of the config',
    `add the missing \`${closerOf.get(innermost.type)}\`.`,
    `the config ends before \`${bracket}\` opened on line ${opened.line}, column ${opened.column} is closed`,
  );
}
