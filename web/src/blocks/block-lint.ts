import { isZiggyError } from '../../../src/core/errors.ts';
import { codeReferences, type CodeReferences } from '../../../src/runtime/code-references.ts';
import type { ConfigDiagnostic } from '../editor/lint.ts';
import { offsetAt, tokenEnd } from '../editor/source-position.ts';
import type { BlockConnection } from './block-completions.ts';

export interface BlockLintOptions {
  /** When given, a connection the code names that does not exist is warned about. */
  connections?: readonly BlockConnection[];
  /** When given, a secret the code names that does not exist is warned about. */
  secretNames?: readonly string[];
}

/**
 * Checks a block's code with the server's own reader: code that is not one function is refused
 * before anything runs, at the same line and column. Names of connections and secrets that do
 * not exist only fail a run when it reaches them, so they are warnings.
 */
export function lintBlock(code: string, options: BlockLintOptions = {}): ConfigDiagnostic[] {
  let references: CodeReferences;
  try {
    references = codeReferences(code);
  } catch (error) {
    if (!isZiggyError(error)) throw error;
    const line = Number(error.details?.['line'] ?? 1);
    const column = Number(error.details?.['column'] ?? 1);
    const from = offsetAt(code, line, column);
    return [{ from, to: tokenEnd(code, from), severity: 'error', message: error.message }];
  }
  const diagnostics: ConfigDiagnostic[] = [];
  if (options.connections) {
    const known = new Set(options.connections.flatMap((connection) => [connection.name, connection.identifier]));
    for (const name of references.connections.filter((written) => !known.has(written))) {
      diagnostics.push(at(code, /connections/, name, `Connection "${name}" does not exist, so a run fails when the code reaches it. Create it on the Connections page, or fix the name.`));
    }
  }
  if (options.secretNames) {
    const known = new Set(options.secretNames);
    for (const name of references.secrets.filter((written) => !known.has(written))) {
      diagnostics.push(at(code, /secrets/, name, `Secret "${name}" does not exist, so it is undefined in a run. Create it on the Secrets page, or fix the name.`));
    }
  }
  return diagnostics.sort((a, b) => a.from - b.from);
}

// The reader gives names, not places: mark the name's first use after the object it belongs to.
function at(code: string, object: RegExp, name: string, message: string): ConfigDiagnostic {
  const escaped = name.replace(/[$]/g, '\\$&');
  const use = new RegExp(`${object.source}\\s*(?:\\.\\s*|\\[\\s*['"]|\\.\\s*get\\s*\\(\\s*['"])(${escaped})(?![\\w$-])`).exec(code);
  const from = use ? use.index + use[0].length - name.length : 0;
  return { from, to: use ? from + name.length : Math.min(code.length, 1), severity: 'warning', message };
}
