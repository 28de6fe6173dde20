import type { Expression, MemberExpression, PrivateIdentifier, TemplateLiteral } from 'acorn';
import { locOf } from './node-location.ts';
import { rejectAt, rejectNode } from './rejections.ts';
import { excerpt } from './trivia.ts';
import type { ConfigNode, SecretReference } from './types.ts';

type Operand = Expression | PrivateIdentifier;

/**
 * A template literal or `+` chain of strings, template literals and secret references.
 * Joined text stays a plain string node; with a secret inside it becomes a concat node.
 */
export function toConcat(
  node: Expression,
  source: string,
  toSecret: (member: MemberExpression) => SecretReference,
): ConfigNode {
  const operands = flattenPlus(node, source);
  // Numbers alone (`30 + 5`) are arithmetic, refused as an expression; next to text they are a concatenation.
  if (operands.every((operand) => operand.type === 'Literal' && typeof operand.value === 'number')) {
    throw rejectNode(node, source);
  }
  const parts: Array<string | SecretReference> = [];
  const pushText = (text: string): void => {
    const last = parts.length - 1;
    if (typeof parts[last] === 'string') parts[last] += text;
    else if (text !== '') parts.push(text);
  };
  for (const operand of operands) {
    if (operand.type === 'Literal' && typeof operand.value === 'string') pushText(operand.value);
    else if (operand.type === 'MemberExpression') parts.push(toSecret(operand));
    else if (operand.type === 'TemplateLiteral') addTemplate(operand, source, pushText, (ref) => parts.push(ref), toSecret);
    else if (operand.type === 'Literal' && typeof operand.value === 'number') {
      throw rejectAt(
        operand,
        `number \`${operand.raw}\` in a string concatenation`,
        `quote the number as text ('${operand.value}'), or write the whole value as one string.`,
      );
    } else throw rejectNode(operand.type === 'PrivateIdentifier' ? node : operand, source);
  }
  const loc = locOf(node);
  if (parts.every((part) => typeof part === 'string')) return { kind: 'string', value: parts.join(''), loc };
  return { kind: 'concat', parts, loc };
}

// The operands of a `+` chain in source order, walked with a stack so that a long chain cannot exhaust it.
function flattenPlus(node: Expression, source: string): Operand[] {
  const operands: Operand[] = [];
  const pending: Operand[] = [node];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (current.type === 'BinaryExpression' && current.operator === '+') pending.push(current.right, current.left);
    else if (current.type === 'BinaryExpression') throw rejectNode(current, source);
    else operands.push(current);
  }
  return operands;
}

function addTemplate(
  node: TemplateLiteral,
  source: string,
  pushText: (text: string) => void,
  pushSecret: (ref: SecretReference) => void,
  toSecret: (member: MemberExpression) => SecretReference,
): void {
  node.quasis.forEach((quasi, index) => {
    // Acorn refuses bad escapes in untagged templates, so `cooked` is always set here.
    pushText(quasi.value.cooked ?? quasi.value.raw);
    const expression = node.expressions[index];
    if (expression === undefined) return;
    if (expression.type !== 'MemberExpression') {
      throw rejectAt(
        expression,
        `template expression \`\${${excerpt(source.slice(expression.start, expression.end))}}\``,
        'only secrets.NAME may appear inside ${ } in a template literal.',
      );
    }
    pushSecret(toSecret(expression));
  });
}
