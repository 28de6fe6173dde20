import type { AnyNode, MemberExpression, Node } from 'acorn';
import { syntaxErrorAt, type ConfigSyntaxError } from './config-syntax-error.ts';
import { locOf } from './node-location.ts';
import { excerpt } from './trivia.ts';

const dataOnly =
  'the config is data only; write the value itself (a quoted string, a number, true/false, null, an object, an array or secrets.NAME).';
const noExpressions = 'the config holds values, not expressions; write the result, e.g. 30000 rather than 30 * 1000.';

interface Rejection {
  found: string;
  hint: string;
}

/** A syntax error at `node` with what was found there and how to fix it. */
export function rejectAt(node: Node, found: string, hint: string, problem?: string): ConfigSyntaxError {
  return syntaxErrorAt(locOf(node), found, hint, problem);
}

/** The error for a node the config language does not accept, with a hint specific to its kind. */
export function rejectNode(node: AnyNode, source: string): ConfigSyntaxError {
  const { found, hint } = describe(node, excerpt(source.slice(node.start, node.end)));
  return rejectAt(node, found, hint);
}

function isIdentifier(node: AnyNode, name: string): boolean {
  return node.type === 'Identifier' && node.name === name;
}

function describe(node: AnyNode, text: string): Rejection {
  switch (node.type) {
    case 'Identifier':
      return describeIdentifier(node.name);
    case 'CallExpression':
      if (isIdentifier(node.callee, 'require')) {
        return { found: `module load \`${text}\``, hint: 'the config is data only; it cannot load modules or run code.' };
      }
      return { found: `function call \`${text}\``, hint: dataOnly };
    case 'ImportExpression':
      return { found: `module load \`${text}\``, hint: 'the config is data only; it cannot load modules or run code.' };
    case 'NewExpression':
      return { found: `\`new\` expression \`${text}\``, hint: dataOnly };
    case 'MemberExpression':
      return describeMember(node.object, text);
    case 'ChainExpression':
      return { found: `optional chaining \`${text}\``, hint: "write secrets.NAME or secrets['NAME'] without `?.`." };
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return { found: `function \`${text}\``, hint: dataOnly };
    case 'ClassExpression':
      return { found: `class \`${text}\``, hint: dataOnly };
    case 'TaggedTemplateExpression':
      return {
        found: `tagged template \`${text}\``,
        hint: 'remove the name before the backtick; a plain template literal with secrets.NAME inside ${ } is allowed.',
      };
    case 'Literal':
      if (node.regex) return { found: `regular expression \`${text}\``, hint: 'write the pattern as a quoted string.' };
      return { found: `BigInt \`${text}\``, hint: 'write it as a plain number, or as a quoted string if it is too large.' };
    case 'AssignmentExpression':
      return { found: `assignment \`${text}\``, hint: 'write entries as key: value; the config cannot assign to variables.' };
    case 'SequenceExpression':
      return {
        found: `more than one expression \`${text}\``,
        hint: 'the config is one object literal; put every entry inside it, separated by commas.',
      };
    case 'ParenthesizedExpression':
      return { found: `parentheses \`${text}\``, hint: 'remove the parentheses; the config holds values, not expressions.' };
    case 'UnaryExpression':
    case 'UpdateExpression':
    case 'BinaryExpression':
    case 'LogicalExpression':
    case 'ConditionalExpression':
      return { found: `expression \`${text}\``, hint: noExpressions };
    default:
      return { found: `\`${text}\``, hint: dataOnly };
  }
}

function describeIdentifier(name: string): Rejection {
  if (name === 'undefined') return { found: '`undefined`', hint: 'write null, or leave the key out.' };
  if (name === 'secrets') {
    return { found: '`secrets` on its own', hint: "name the secret: secrets.NAME or secrets['NAME']." };
  }
  if (name === 'NaN' || name === 'Infinity') {
    return { found: `\`${name}\``, hint: 'write a finite number, or quote it as a string.' };
  }
  return {
    found: `identifier \`${name}\``,
    hint: `quote it as a string ('${name}'), or write secrets.${name} if it names a secret.`,
  };
}

function describeMember(object: MemberExpression['object'], text: string): Rejection {
  const readsEnv =
    isIdentifier(object, 'process') || (object.type === 'MemberExpression' && isIdentifier(object.object, 'process'));
  if (readsEnv) {
    return {
      found: `environment access \`${text}\``,
      hint: 'the config cannot read environment variables or the process; store the value as a secret and write secrets.NAME.',
    };
  }
  return {
    found: `member access \`${text}\``,
    hint: "only secrets.NAME or secrets['NAME'] may be referenced; quote other text as a string.",
  };
}
