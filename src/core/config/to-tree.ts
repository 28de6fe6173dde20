import type { ArrayExpression, Expression, MemberExpression, Node, ObjectExpression, Property, SpreadElement } from 'acorn';
import { assertSecretName } from '../names.ts';
import { syntaxErrorAt, type ConfigSyntaxError } from './config-syntax-error.ts';
import { locAtOffset, locOf } from './node-location.ts';
import { rejectAt, rejectNode } from './rejections.ts';
import { toConcat } from './to-concat.ts';
import { excerpt, skipTrivia } from './trivia.ts';
import type { ConfigEntry, ConfigNode, ConfigObjectNode, SecretReference } from './types.ts';

/** Objects and arrays may nest this deep; deeper input is refused before it can exhaust the stack. */
export const maxNestingDepth = 64;

// Keys that reach into prototypes: a config never needs them and code merging it could be subverted by them.
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Turns the acorn tree of a config source into a config tree, refusing anything that is not plain data. */
export function toConfigTree(root: Expression, source: string): ConfigObjectNode {
  if (root.type === 'ObjectExpression') return toObject(root, source, 1);
  // Converting first gives code at the root (a call, a getter…) its specific error.
  const found = kindName[toValue(root, source, 1).kind];
  throw rejectAt(
    root,
    found,
    "start the config with { and end it with }, e.g. { host: 'db.internal', port: 5432 }.",
    `the config must be an object literal, not ${found}`,
  );
}

const kindName: Record<ConfigNode['kind'], string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
  secret: 'a secret reference',
  concat: 'a string concatenation',
  object: 'an object',
  array: 'an array',
};

function toValue(node: Expression | SpreadElement, source: string, depth: number): ConfigNode {
  switch (node.type) {
    case 'ObjectExpression':
      return toObject(node, source, depth + 1);
    case 'ArrayExpression':
      return toArray(node, source, depth + 1);
    case 'Literal':
      if (typeof node.value === 'string') return { kind: 'string', value: node.value, loc: locOf(node) };
      if (typeof node.value === 'number') return { kind: 'number', value: node.value, loc: locOf(node) };
      if (typeof node.value === 'boolean') return { kind: 'boolean', value: node.value, loc: locOf(node) };
      if (node.value === null && node.regex === undefined && node.bigint === undefined) {
        return { kind: 'null', loc: locOf(node) };
      }
      throw rejectNode(node, source);
    case 'UnaryExpression':
      if (node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') {
        return { kind: 'number', value: -node.argument.value, loc: locOf(node) };
      }
      if (node.operator === '-') {
        throw rejectAt(
          node,
          `\`-\` before a non-number \`${excerpt(source.slice(node.start, node.end))}\``,
          'only numbers can be negative: write -5, or quote text as a string.',
        );
      }
      throw rejectNode(node, source);
    case 'MemberExpression':
      return toSecretReference(node, source);
    case 'TemplateLiteral':
    case 'BinaryExpression':
      if (node.type === 'BinaryExpression' && node.operator !== '+') throw rejectNode(node, source);
      return toConcat(node, source, (member) => toSecretReference(member, source));
    case 'SpreadElement':
      throw rejectSpread(node, source);
    default:
      throw rejectNode(node, source);
  }
}

function rejectSpread(node: SpreadElement, source: string): ConfigSyntaxError {
  return rejectAt(
    node,
    `spread \`${excerpt(source.slice(node.start, node.end))}\``,
    'write each entry out; the config cannot copy from other values.',
  );
}

function checkDepth(node: Node, depth: number): void {
  if (depth > maxNestingDepth) {
    throw rejectAt(
      node,
      `nesting deeper than ${maxNestingDepth} levels`,
      'flatten the config; connection settings never need to nest this deep.',
      `the config is nested more than ${maxNestingDepth} levels deep`,
    );
  }
}

function toObject(node: ObjectExpression, source: string, depth: number): ConfigObjectNode {
  checkDepth(node, depth);
  const entries: ConfigEntry[] = [];
  const firstSeen = new Map<string, number>();
  for (const property of node.properties) {
    if (property.type === 'SpreadElement') throw rejectSpread(property, source);
    const { key, keyNode } = readKey(property, source);
    const keyLoc = locOf(keyNode);
    if (forbiddenKeys.has(key)) {
      throw rejectAt(
        keyNode,
        `key \`${key}\``,
        'this key can change how objects behave in JavaScript, so configs may not use it; rename it.',
        `the key \`${key}\` is not allowed`,
      );
    }
    const firstLine = firstSeen.get(key);
    if (firstLine !== undefined) {
      throw rejectAt(
        keyNode,
        `duplicate key \`${key}\``,
        'keep one of them; otherwise the later one silently replaces the first.',
        `duplicate key \`${key}\` (first written on line ${firstLine})`,
      );
    }
    firstSeen.set(key, keyLoc.line);
    entries.push({ key, keyLoc, value: toValue(property.value, source, depth) });
  }
  return { kind: 'object', entries, loc: locOf(node) };
}

function readKey(property: Property, source: string): { key: string; keyNode: Node } {
  if (property.kind !== 'init' || property.method) {
    const what = property.kind === 'get' ? 'getter' : property.kind === 'set' ? 'setter' : 'method';
    const text = excerpt(source.slice(property.start, property.end));
    throw rejectAt(property, `${what} \`${text}\``, 'write key: value; the config is data only.');
  }
  if (property.computed) {
    throw rejectAt(
      property,
      `computed key \`${excerpt(source.slice(property.start, property.key.end + 1))}\``,
      "write the key as a name or a quoted string, e.g. { 'my key': 1 }.",
    );
  }
  const { key } = property;
  if (property.shorthand && key.type === 'Identifier') {
    throw rejectAt(
      property,
      `shorthand property \`${key.name}\``,
      `write a key and a value, e.g. ${key.name}: 'text' or ${key.name}: secrets.${key.name}.`,
    );
  }
  if (key.type === 'Identifier') return { key: key.name, keyNode: key };
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return { key: String(key.value), keyNode: key };
  }
  throw rejectAt(key, `key \`${excerpt(source.slice(key.start, key.end))}\``, 'write the key as a name or a quoted string.');
}

function toArray(node: ArrayExpression, source: string, depth: number): ConfigNode {
  checkDepth(node, depth);
  const items: ConfigNode[] = [];
  let after = node.start + 1;
  for (const element of node.elements) {
    if (element === null) {
      // A hole has no node: point at its comma, the first thing after the previous item's separator.
      const at = skipTrivia(source, after);
      throw syntaxErrorAt(
        locAtOffset(source, at),
        'empty array slot',
        'remove the extra comma; write a value between every two commas.',
      );
    }
    items.push(toValue(element, source, depth));
    after = skipTrivia(source, element.end) + 1;
  }
  return { kind: 'array', items, loc: locOf(node) };
}

/** `secrets.NAME` or `secrets['NAME']`; any other member access is refused. */
function toSecretReference(node: MemberExpression, source: string): SecretReference {
  if (node.object.type !== 'Identifier' || node.object.name !== 'secrets' || node.optional) {
    throw rejectNode(node, source);
  }
  const { property } = node;
  let name: string;
  if (!node.computed && property.type === 'Identifier') name = property.name;
  else if (node.computed && property.type === 'Literal' && typeof property.value === 'string') name = property.value;
  else {
    throw rejectAt(
      node,
      `computed secret name \`${excerpt(source.slice(node.start, node.end))}\``,
      "write secrets.NAME, or secrets['NAME'] with the name in quotes.",
    );
  }
  try {
    assertSecretName(name);
  } catch {
    throw rejectAt(
      property,
      `secret name \`${excerpt(name)}\``,
      'secret names are JavaScript variable names: letters, digits, _ and $, ' +
        'not starting with a digit, not a reserved word, at most 100 characters.',
      `\`${excerpt(name)}\` is not a valid secret name`,
    );
  }
  return { kind: 'secret', name, loc: locOf(node) };
}
