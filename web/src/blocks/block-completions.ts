import type { CompletionList, CompletionOption } from '../editor/field-completions.ts';
import { secretCompletions } from '../editor/secret-completions.ts';

export interface BlockConnection {
  name: string;
  /** The form usable as `connections.NAME` (dashes become underscores). */
  identifier: string;
  type: string;
}

export interface BlockNames {
  connections: readonly BlockConnection[];
  secretNames: readonly string[];
}

/** The names a JavaScript Block sees besides JavaScript's own (docs/blocks.md). */
export const blockGlobals: readonly CompletionOption[] = [
  { label: 'connections', type: 'namespace', detail: 'live clients', info: 'The live client of each connection in the run\'s mode: connections.NAME, or await connections.get(\'name\').' },
  { label: 'secrets', type: 'namespace', detail: 'secret values', info: 'The value of each secret the code names, in the run\'s mode: secrets.NAME.' },
  { label: 'consoleMsg', type: 'function', detail: '(...values)', info: 'Writes a line to the run\'s console (level log).' },
  { label: 'console', type: 'namespace', detail: 'log, info, warn, error', info: 'Console lines kept with the run, with their level.' },
  { label: 'sysLog', type: 'namespace', detail: 'server log', info: 'Lines for the server\'s system log: sysLog.log, warn, debug, verbose, error.' },
  { label: 'branchTo', type: 'function', detail: '(edge, data)', info: 'Sends data to output edge 0–99; each call adds one item to that edge.' },
  { label: 'executionId', type: 'constant', detail: 'string', info: 'The run\'s id.' },
  { label: 'mode', type: 'constant', detail: "'dev' | 'prod'", info: 'The run\'s mode.' },
  { label: 'snooze', type: 'function', detail: '(ms) → Promise', info: 'Waits the given milliseconds: await snooze(500).' },
];

const sysLogMethods: readonly CompletionOption[] = [
  { label: 'log', type: 'method', detail: '(message, extraData?)' },
  { label: 'warn', type: 'method', detail: '(message, extraData?)' },
  { label: 'debug', type: 'method', detail: '(message, extraData?)' },
  { label: 'verbose', type: 'method', detail: '(message, extraData?)' },
  { label: 'error', type: 'method', detail: '(message, traceInfo, extraData?)' },
];

const consoleMethods: readonly CompletionOption[] = ['log', 'info', 'warn', 'error'].map((label) => ({ label, type: 'method', detail: '(...values)' }));

// A member name after `object.` (or an opening quote after `object[` or `object.get(`), right before the cursor.
const member = /(?<![\w$.])(connections|sysLog|console)\s*\.\s*([\w$]*)$/;
const quotedName = /(?<![\w$.])connections\s*(?:\[|\.\s*get\s*\()\s*['"]([\w-]*)$/;
const word = /(?<![\w$.])[A-Za-z_$][\w$]*$/;

/**
 * What fits at the cursor of a block's code: connection identifiers after `connections.`, names
 * after `connections.get('`, secret names after `secrets.`, sysLog and console methods, and the
 * block's globals at the start of a name. Null elsewhere.
 */
export function blockCompletions(source: string, cursorOffset: number, names: BlockNames): CompletionList | null {
  const before = source.slice(Math.max(0, cursorOffset - 200), cursorOffset);
  const after = /^[\w$-]*/.exec(source.slice(cursorOffset))?.[0] ?? '';
  const secrets = secretCompletions(source, cursorOffset, names.secretNames);
  if (secrets) return secrets;

  const quoted = quotedName.exec(before);
  if (quoted) {
    const typed = quoted[1] ?? '';
    const options = names.connections.map((connection): CompletionOption => ({ label: connection.name, type: 'variable', detail: connection.type }));
    return options.length === 0 ? null : { from: cursorOffset - typed.length, to: cursorOffset + after.length, options };
  }

  const dotted = member.exec(before);
  if (dotted) {
    const typed = dotted[2] ?? '';
    const options = dotted[1] === 'connections' ? connectionMembers(names.connections) : dotted[1] === 'sysLog' ? [...sysLogMethods] : [...consoleMethods];
    const end = cursorOffset + (/^[\w$]*/.exec(after)?.[0].length ?? 0);
    return { from: cursorOffset - typed.length, to: end, options };
  }

  const typed = word.exec(before)?.[0];
  if (typed === undefined) return null;
  return { from: cursorOffset - typed.length, to: cursorOffset, options: [...blockGlobals] };
}

// A name mixing `_` and `-` has no identifier form (docs/blocks.md): it is offered through get.
function connectionMembers(connections: readonly BlockConnection[]): CompletionOption[] {
  const members = connections.map((connection): CompletionOption => {
    const mixed = connection.name.includes('_') && connection.name.includes('-');
    if (mixed) return { label: `get('${connection.name}')`, type: 'method', detail: connection.type, info: `await connections.get('${connection.name}')` };
    const info = connection.identifier === connection.name ? undefined : `The connection "${connection.name}".`;
    return { label: connection.identifier, type: 'variable', detail: connection.type, ...(info ? { info } : {}) };
  });
  return [...members, { label: 'get', type: 'method', detail: '(name) → Promise<client>', info: 'Any connection by its name, e.g. await connections.get(\'crm-prod\').' }];
}
