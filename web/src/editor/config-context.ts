import { tokenizeConfig, type ConfigToken } from './config-tokens.ts';

/** A place in a config where the user is writing a key. */
export interface KeyPosition {
  /** Keys from the root object to the object being written in, e.g. `['ssl']`; array items are numbers. */
  path: Array<string | number>;
  /** Keys already written in that object, except the one at the cursor. */
  keys: string[];
  /** The range of the key text at the cursor, which a completion replaces. */
  from: number;
  to: number;
  /** What is typed so far, from `from` to the cursor. */
  prefix: string;
  /** True when a colon already follows the key, so a completion must not add another. */
  colonFollows: boolean;
}

interface Frame {
  kind: 'object' | 'array';
  /** The key (or array index) this container sits under in its parent. */
  key: string | number | undefined;
  keys: Array<{ name: string; start: number }>;
  index: number;
}

/**
 * Where the cursor is, if it is at a key of an object literal. Works on text that does not
 * parse (half-typed entries, a missing comma) because it only follows brackets, keys and commas.
 */
export function keyPositionAt(source: string, offset: number): KeyPosition | null {
  const all = tokenizeConfig(source);
  if (all.some((token) => token.kind === 'comment' && token.start < offset && offset <= token.end)) return null;
  const tokens = all.filter((token) => token.kind !== 'comment');
  const stack: Frame[] = [];
  let atCursor: { frames: Frame[]; before: ConfigToken | undefined; word: ConfigToken | undefined } | undefined;

  for (const [index, token] of tokens.entries()) {
    const before = tokens[index - 1];
    if (token.start >= offset) {
      atCursor = { frames: [...stack], before, word: undefined };
      break;
    }
    if (offset <= token.end && !(token.kind === 'punct' && token.end === offset)) {
      // Inside a word the frames are those before it; inside a string or template there is no key to complete.
      atCursor = { frames: token.kind === 'word' ? [...stack] : [], before, word: token };
      break;
    }
    visit(stack, tokens, index);
  }
  atCursor ??= { frames: [...stack], before: tokens.at(-1), word: undefined };

  const { frames, before, word } = atCursor;
  const frame = frames.at(-1);
  if (!frame || frame.kind !== 'object' || (word && word.kind !== 'word')) return null;
  if (!isKeyStart(source, before, word?.start ?? offset)) return null;
  const path = frames.slice(1).map((entry) => entry.key);
  if (path.some((step) => step === undefined)) return null;

  // Keys written after the cursor count too, so finish the object the cursor is in.
  const from = word?.start ?? offset;
  const to = word?.end ?? offset;
  const next = tokens.find((token) => token.start >= to);
  const rest = tokens.findIndex((token) => token.start >= to);
  if (rest !== -1) finishFrame(stack, frame, tokens, rest);
  return {
    path: path as Array<string | number>,
    keys: frame.keys.filter((key) => key.start !== from).map((key) => key.name),
    from,
    to,
    prefix: source.slice(from, offset),
    colonFollows: next?.value === ':' && next.kind === 'punct',
  };
}

function finishFrame(stack: Frame[], frame: Frame, tokens: ConfigToken[], from: number): void {
  for (let index = from; index < tokens.length && stack.includes(frame); index += 1) visit(stack, tokens, index);
}

// A key starts after `{` or `,`, or on a new line after a finished value (a comma the user has not typed yet).
function isKeyStart(source: string, before: ConfigToken | undefined, at: number): boolean {
  if (!before) return false;
  if (before.kind === 'punct') return before.value === '{' || before.value === ',';
  return /[\n\r\u2028\u2029]/.test(source.slice(before.end, at));
}

function visit(stack: Frame[], tokens: ConfigToken[], index: number): void {
  const token = tokens[index];
  const top = stack.at(-1);
  if (!token) return;
  if (token.kind === 'punct') {
    if (token.value === '{' || token.value === '[') {
      stack.push({ kind: token.value === '{' ? 'object' : 'array', key: parentKey(top, tokens, index), keys: [], index: 0 });
    } else if (token.value === '}' || token.value === ']') {
      stack.pop();
    } else if (token.value === ',' && top?.kind === 'array') {
      top.index += 1;
    }
    return;
  }
  const next = tokens[index + 1];
  if (top?.kind === 'object' && next?.kind === 'punct' && next.value === ':' && token.kind !== 'template') {
    top.keys.push({ name: token.value, start: token.start });
  }
}

function parentKey(parent: Frame | undefined, tokens: ConfigToken[], index: number): string | number | undefined {
  if (!parent) return undefined;
  if (parent.kind === 'array') return parent.index;
  const colon = tokens[index - 1];
  if (colon?.kind !== 'punct' || colon.value !== ':') return undefined;
  return tokens[index - 2]?.value;
}
