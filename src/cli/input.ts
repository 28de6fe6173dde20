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

/**
 * Reads a mode's config source from a file, or from stdin when the path is `-`, and keeps
 * it on the context so a syntax error can quote the offending line.
 */
export async function readSource(context: CliContext, path: string, mode: Mode): Promise<string> {
  let source: string;
  if (path === '-') {
    source = await readAll(context.io.stdin);
  } else {
    try {
      source = await readFile(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new ZiggyError('bad_input', `Cannot read the ${mode} config file "${path}": ${reason}.`, { field: `${mode}File` });
    }
  }
  context.sources[mode] = source;
  return source;
}

/** Only one option can take stdin, which can be read once. */
export function assertOneStdin(paths: Array<string | undefined>): void {
  if (paths.filter((path) => path === '-').length > 1) {
    throw new ZiggyError('bad_input', 'Only one of --dev-file and --prod-file can be "-" (stdin).');
  }
}
