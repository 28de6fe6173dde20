import { parse, type Node, type Program } from 'acorn';
// The web UI bundles this file: it imports only modules a browser can run, not the whole core.
import { ZiggyError } from '../core/errors.ts';

/** The connections and secrets a block's code names, so a run resolves only those. */
export interface CodeReferences {
  /** Names as written: `connections.crm_prod` gives `crm_prod`, `connections.get('crm-prod')` gives `crm-prod`. */
  connections: string[];
  secrets: string[];
  /** The code reaches a connection by a name computed at run time (`connections[name]`, `connections.get(name)`, passing `connections` around). */
  dynamicConnections: boolean;
  /** The code reaches a secret by a computed name (`secrets[name]`, passing `secrets` around). */
  dynamicSecrets: boolean;
}

type AnyNode = Node & Record<string, unknown>;

interface Found {
  names: Set<string>;
  dynamic: boolean;
}

/**
 * The code is wrapped as `(\n<code>\n)` so an anonymous function expression parses; the
 * wrapper's first line is why every reported line is one less than acorn's.
 */
export function wrapBlockCode(code: string): string {
  return `(\n${code}\n)`;
}

/** Parses a block's code (never runs it) and lists what it takes from `connections` and `secrets`. */
export function codeReferences(code: string): CodeReferences {
  const program = parseBlock(code);
  const connections: Found = { names: new Set(), dynamic: false };
  const secrets: Found = { names: new Set(), dynamic: false };
  walk(program as unknown as AnyNode, [], (node, ancestors) => {
    if (node.type !== 'Identifier') return;
    const name = node['name'];
    if (name === 'connections') noteUse(node, ancestors, connections, true);
    else if (name === 'secrets') noteUse(node, ancestors, secrets, false);
  });
  return {
    connections: [...connections.names].sort(),
    secrets: [...secrets.names].sort(),
    dynamicConnections: connections.dynamic,
    dynamicSecrets: secrets.dynamic,
  };
}

function parseBlock(code: string): Program {
  if (code.trim() === '') throw syntaxError(code, 1, 0, 'the code is empty; write a function such as async function (input) { return input; }');
  const wrapped = wrapBlockCode(code);
  let program: Program;
  try {
    program = parse(wrapped, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch (error) {
    if (!(error instanceof SyntaxError) || !('loc' in error)) throw error;
    const loc = error.loc as { line: number; column: number };
    const reason = error.message.replace(/ \(\d+:\d+\)$/, '');
    throw syntaxError(code, loc.line - 1, loc.column, reason);
  }
  const [statement, extra] = program.body;
  const expression = statement?.type === 'ExpressionStatement' ? statement.expression : undefined;
  const isFunction = expression?.type === 'FunctionExpression' || expression?.type === 'ArrowFunctionExpression';
  if (!isFunction || extra !== undefined) {
    const offending = (isFunction ? extra : (expression ?? statement)) as Node | undefined;
    const loc = offending?.loc?.start ?? { line: 2, column: 0 };
    throw syntaxError(
      code,
      loc.line - 1,
      loc.column,
      'a block is one function, such as async function (input) { return input; }, with nothing before or after it',
    );
  }
  return program;
}

/** Line and column (1-based) inside the user's code; positions on the wrapper's closing line point at the end of the code. */
function syntaxError(code: string, line: number, column: number, reason: string): ZiggyError {
  const lines = code.split('\n');
  const pastEnd = line > lines.length;
  const clampedLine = Math.min(Math.max(line, 1), lines.length);
  const clampedColumn = pastEnd ? (lines.at(-1)?.length ?? 0) : column;
  const problem = pastEnd ? 'the code ends too early; a closing } or ) is likely missing' : reason;
  return new ZiggyError('bad_input', `Line ${clampedLine}, column ${clampedColumn + 1}: ${problem}.`, {
    line: clampedLine,
    column: clampedColumn + 1,
  });
}

function literalName(node: AnyNode | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node['value'] === 'string') return node['value'];
  if (node?.type === 'TemplateLiteral' && (node['expressions'] as unknown[]).length === 0) {
    const [quasi] = node['quasis'] as Array<{ value: { cooked: string | null } }>;
    return quasi?.value.cooked ?? undefined;
  }
  return undefined;
}

/** Records one appearance of `connections` or `secrets`; any use that hides the name makes it dynamic. */
function noteUse(node: AnyNode, ancestors: readonly AnyNode[], found: Found, hasGet: boolean): void {
  const parent = ancestors.at(-1);
  if (parent === undefined) return;
  // Not a reference to the global: a property name, an object key or a declared name.
  if (parent.type === 'MemberExpression' && parent['property'] === node && !parent['computed']) return;
  if (parent.type === 'Property' && parent['key'] === node && !parent['computed'] && !parent['shorthand']) return;
  if (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') return;

  if (parent.type === 'MemberExpression' && parent['object'] === node) {
    const property = parent['property'] as AnyNode;
    const name = parent['computed'] ? literalName(property) : (property['name'] as string);
    if (name === undefined) {
      found.dynamic = true;
    } else if (hasGet && name === 'get' && !parent['computed']) {
      noteGet(parent, ancestors.at(-2), found);
    } else {
      found.names.add(name);
    }
    return;
  }
  if (parent.type === 'VariableDeclarator' && parent['init'] === node) {
    notePattern(parent['id'] as AnyNode, found);
    return;
  }
  found.dynamic = true;
}

/** `connections.get('name')` names a connection; any other use of `get` hides which one. */
function noteGet(member: AnyNode, call: AnyNode | undefined, found: Found): void {
  const called = call?.type === 'CallExpression' && call['callee'] === member;
  const name = called ? literalName((call['arguments'] as AnyNode[])[0]) : undefined;
  if (name === undefined) found.dynamic = true;
  else found.names.add(name);
}

/** `const { db, 'crm-prod': crm } = connections` names db and crm-prod; a rest element or computed key hides names. */
function notePattern(pattern: AnyNode, found: Found): void {
  if (pattern.type !== 'ObjectPattern') {
    found.dynamic = true;
    return;
  }
  for (const property of pattern['properties'] as AnyNode[]) {
    const key = property['key'] as AnyNode | undefined;
    let name: string | undefined;
    if (property.type === 'Property') {
      name = !property['computed'] && key?.type === 'Identifier' ? (key['name'] as string) : literalName(key);
    }
    if (name === undefined) found.dynamic = true;
    else found.names.add(name);
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Visits every node with the chain of nodes above it, nearest last. */
function walk(node: AnyNode, ancestors: AnyNode[], visit: (node: AnyNode, ancestors: readonly AnyNode[]) => void): void {
  visit(node, ancestors);
  ancestors.push(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, ancestors, visit);
    } else if (isNode(value)) {
      walk(value, ancestors, visit);
    }
  }
  ancestors.pop();
}
