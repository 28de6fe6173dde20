import { parseExpressionAt, type AnyNode, type Expression, type ObjectExpression, type Options } from 'acorn';
import { isAcornSyntaxError, lineBreakSeparatorAt, translateAcornError } from './acorn-errors.ts';
import { syntaxErrorAt } from './config-syntax-error.ts';
import { locAtOffset } from './node-location.ts';
import { withOriginalOffsets } from './original-offsets.ts';
import { toConfigTree } from './to-tree.ts';
import { excerpt, skipTrivia } from './trivia.ts';
import type { ConfigObjectNode } from './types.ts';

/** Longer sources are refused unread: a connection's settings are a few hundred characters. */
export const maxSourceLength = 256 * 1024;

// Module code is strict: no legacy octal, no HTML comments, so what is accepted is plain modern JavaScript.
// Parentheses are kept as nodes so they can be refused rather than silently dropped.
const acornOptions: Options = {
  ecmaVersion: 'latest',
  sourceType: 'module',
  locations: true,
  allowHashBang: false,
  preserveParens: true,
};

/**
 * Parses a config source (the text of one JavaScript object literal) into a config tree.
 * The source is only parsed, never evaluated: anything but plain values, `secrets.NAME`
 * references and string concatenation of those is a ConfigSyntaxError with line, column and hint.
 */
export function parseConfig(source: string): ConfigObjectNode {
  if (source.length > maxSourceLength) {
    throw syntaxErrorAt(
      { line: 1, column: 1 },
      `a config of ${source.length} characters`,
      'keep large data out of connection configs.',
      `the config is too long (${source.length} characters; the limit is ${maxSourceLength})`,
    );
  }
  const { root, text, added } = parseExpression(source);
  const leading = leadingObject(root);
  const tree = withOriginalOffsets(toConfigTree(leading ?? root, text), added);
  const rest = skipTrivia(text, (leading ?? root).end);
  if (rest < text.length) {
    throw syntaxErrorAt(
      locAtOffset(text, rest),
      `\`${excerpt(text.slice(rest), 20)}\` after the end of the config object`,
      'the config is one object literal; remove what follows its closing }, or move it inside.',
    );
  }
  return tree;
}

/**
 * Parses the source, reading a line break between two entries as the comma it stands for: the
 * comma goes at the end of the line, so every node keeps the line and column it has in the
 * source (`text` differs from it only by those commas, at the `added` offsets of `text`).
 */
function parseExpression(source: string): { root: Expression; text: string; added: number[] } {
  let text = source;
  const added: number[] = [];
  for (;;) {
    try {
      return { root: parseExpressionAt(text, 0, acornOptions), text, added };
    } catch (error) {
      // Acorn reports even a stack exhausted by deep nesting as a SyntaxError, so nothing else is expected here.
      if (!isAcornSyntaxError(error)) throw error;
      const separator = lineBreakSeparatorAt(error, text);
      if (separator === undefined) throw translateAcornError(error, text);
      // Acorn stops at the first error, so each comma goes after those added before it.
      text = `${text.slice(0, separator)},${text.slice(separator)}`;
      added.push(separator);
    }
  }
}

/**
 * The object literal an expression starts with: `{ a: 1 } + 1` and `{ a: 1 }, { b: 2 }` parse
 * as one expression, yet the user wrote a config object followed by something else.
 */
function leadingObject(root: Expression): ObjectExpression | undefined {
  let node: AnyNode = root;
  for (;;) {
    if (node.type === 'ObjectExpression') return node.start === root.start ? node : undefined;
    if (node.type === 'BinaryExpression' || node.type === 'LogicalExpression') node = node.left;
    else if (node.type === 'SequenceExpression' && node.expressions[0]) node = node.expressions[0];
    else if (node.type === 'ConditionalExpression') node = node.test;
    else if (node.type === 'MemberExpression') node = node.object;
    else if (node.type === 'CallExpression') node = node.callee;
    else if (node.type === 'TaggedTemplateExpression') node = node.tag;
    else if (node.type === 'ChainExpression') node = node.expression;
    else if (node.type === 'UpdateExpression' && !node.prefix) node = node.argument;
    else return undefined;
  }
}
