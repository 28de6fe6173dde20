import { readFile } from 'node:fs/promises';
import { ZiggyError, type Mode } from '../core/index.ts';
import { readAll } from './io.ts';
import type { CliContext } from './context.ts';

/** `--tags a,b` → `['a', 'b']`; `--tags ''` clears the tags. */
export function parseTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

export function parsePositiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
    throw new ZiggyError('bad_input', `${option} must be a positive whole number, got "${value}".`, { field: option });
  }
  return number;
}

/** Reads a file, or stdin for `-`; `what` names it in the error. */
export async function readTextFile(context: CliContext, path: string, what: string, field: string): Promise<string> {
  if (path === '-') return readAll(context.io.stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const reason = 'code' in error && error.code === 'ENOENT' ? 'no such file' : error.message;
    throw new ZiggyError('bad_input', `Cannot read the ${what} "${path}": ${reason}.`, { field });
  }
}

/**
 * Reads a mode's config source from a file, or from stdin when the path is `-`, and keeps
 * it on the context so a syntax error can quote the offending line.
 */
export async function readSource(context: CliContext, path: string, mode: Mode): Promise<string> {
  const source = await readTextFile(context, path, `${mode} config file`, `${mode}File`);
  context.sources[mode] = source;
  return source;
}

/** Only one option can take stdin, which can be read once. */
export function assertOneStdin(paths: Array<string | undefined>): void {
  if (paths.filter((path) => path === '-').length > 1) {
    throw new ZiggyError('bad_input', 'Only one of --dev-file and --prod-file can be "-" (stdin).');
  }
}
