import { existsSync } from 'node:fs';
import path from 'node:path';
import { sandboxArgs, uidDrop } from './sandbox.ts';

/** The runner's entry file, forked by the pool. */
export const runnerMainPath = path.join(import.meta.dirname, 'runner-main.ts');

function ancestorWith(start: string, has: (dir: string) => boolean): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (has(dir)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json with node_modules above ${start}: cannot tell which files a block runner must read.`);
  }
}

/**
 * What a runner may read: the package's code and the installed dependencies, nothing else.
 * Not the whole project directory: the default data directory (`./data`, with the master
 * key file and the database) usually sits inside it. `pluginsDir`, where installed plugin
 * packages live, is the one addition.
 */
export function readablePaths(pluginsDir?: string): string[] {
  const packageDir = ancestorWith(import.meta.dirname, (dir) => existsSync(path.join(dir, 'package.json')));
  const projectRoot = ancestorWith(packageDir, (dir) => existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'node_modules')));
  const paths = [
    path.join(packageDir, 'package.json'),
    path.join(packageDir, 'src'),
    path.join(projectRoot, 'package.json'),
    path.join(projectRoot, 'node_modules'),
    ...(pluginsDir === undefined ? [] : [pluginsDir]),
  ];
  return [...new Set(paths)];
}

/**
 * Node flags of a runner: the permission model with read access to the code only, so no
 * file writes, child processes, worker threads, native addons, WASI or inspector; a heap
 * limit; and no `__proto__` accessor, a common route to prototype pollution.
 */
export function runnerExecArgv(memoryMb: number, pluginsDir?: string): string[] {
  return [
    '--permission',
    ...readablePaths(pluginsDir).map((readable) => `--allow-fs-read=${readable}`),
    `--max-old-space-size=${memoryMb}`,
    '--disable-proto=delete',
  ];
}

/** The program and arguments that start one runner: Node directly, or Node inside the sandbox. */
export interface RunnerCommand {
  command: string;
  args: string[];
}

export function runnerCommand(memoryMb: number, sandboxed: { bwrap: string } | undefined, pluginsDir?: string): RunnerCommand {
  const node = [...runnerExecArgv(memoryMb, pluginsDir), runnerMainPath];
  if (sandboxed === undefined) return { command: process.execPath, args: node };
  return { command: sandboxed.bwrap, args: [...sandboxArgs(readablePaths(pluginsDir)), '--', ...uidDrop(), process.execPath, ...node] };
}

// Settings that change how dates and text are formatted; nothing that locates or unlocks data.
const passedOn = ['TZ', 'LANG', 'LC_ALL', 'NODE_ENV'] as const;

/**
 * The runner's environment, built from nothing: no ZIGGY_* settings (master key, data
 * directory, database URL), no PG* variables that pg would silently pick up, no credentials.
 */
export function runnerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of passedOn) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
