import { parseExpressionAt, type AnyNode, type Expression, type ObjectExpression, type Options } from 'acorn';
import { isAcornSyntaxError, translateAcornError } from './acorn-errors.ts';
import { syntaxErrorAt } from './config-syntax-error.ts';
import { locAtOffset } from './node-location.ts';
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
  const root = parseExpression(source);
  const leading = leadingObject(root);
  const tree = toConfigTree(leading ?? root, source);
  const rest = skipTrivia(source, (leading ?? root).end);
  if (rest < source.length) {
    throw syntaxErrorAt(
      locAtOffset(source, rest),
      `\`${excerpt(source.slice(rest), 20)}\` after the end of the config object`,
      'the config is one object literal; remove what follows its closing }, or move it inside.',
    );
  }
  return tree;
}

function parseExpression(source: string): Expression {
  try {
    return parseExpressionAt(source, 0, acornOptions);
  } catch (error) {
    // Acorn reports even a stack exhausted by deep nesting as a SyntaxError, so nothing else is expected here.
    if (isAcornSyntaxError(error)) throw translateAcornError(error, source);
    throw error;
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
