import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Helpers for the end-to-end tests of the `ziggy` CLI, which spawn the real launcher, locally and against a server. */

const bin = fileURLToPath(new URL('../../bin/ziggy.js', import.meta.url));

export type Run = { code: number; stdout: string; stderr: string };
export type Step = { args: string[]; input?: string; code: number };

/** The environment of a fresh user, without any Ziggy variable the developer may have set. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, USER: 'tester' };
  for (const name of ['ZIGGY_MASTER_KEY', 'ZIGGY_DATA_DIR', 'ZIGGY_DEBUG', 'ZIGGY_SERVER', 'ZIGGY_TOKEN']) delete env[name];
  return { ...env, ...extra };
}

/** Runs the real `ziggy` launcher as a user would, with stdin piped from `input`. */
export function ziggy(args: string[], env: Record<string, string | undefined>, input = '', cwd?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Fails with the run's whole output, so a wrong exit code says why; `what` names the step. */
export function expectCode(run: Run, code: number, what?: string): void {
  const prefix = what === undefined ? '' : `${what}: `;
  assert.equal(run.code, code, `${prefix}exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

/** Plays the steps one after another, as a user would type them. */
export async function play(steps: readonly Step[], run: (step: Step) => Promise<Run>): Promise<Run[]> {
  const runs: Run[] = [];
  for (const step of steps) runs.push(await run(step));
  return runs;
}

/** One step run locally and on a server: the expected exit code on both, and the same output but for what `normalise` masks. */
export function expectSameRun(step: Step, here: Run, there: Run, actors: readonly string[], options: { ids?: boolean } = {}): void {
  const what = `ziggy ${step.args.join(' ')}`;
  expectCode(here, step.code, `local ${what}`);
  expectCode(there, step.code, `remote ${what}`);
  assert.equal(normalise(there.stdout, actors, options), normalise(here.stdout, actors, options), `stdout of ${what}`);
  assert.equal(normalise(there.stderr, actors, options), normalise(here.stderr, actors, options), `stderr of ${what}`);
}

/**
 * What may differ between a local run and the same run on a server: times, durations, who made a
 * change (the shell user locally, the token's user on the server), the column widths that follow
 * from those, and the key order of JSON (the server serializes by schema). With `ids`, also the ids
 * of runs, which each side makes up.
 */
function normalise(text: string, actors: readonly string[], options: { ids?: boolean } = {}): string {
  const json = parseJson(text);
  let result = json === undefined ? text : JSON.stringify(sortKeys(json), null, 2) + '\n';
  if (options.ids === true) result = maskIds(result);
  result = result
    .replace(/"durationMs": \d+/g, '"durationMs": 0')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, '<time>')
    .replace(/\b\d+ ms\b/g, '<n> ms');
  for (const actor of actors) result = result.replaceAll(actor, '<actor>');
  // Column widths follow the longest cell; only the text of each cell is compared.
  return result.replace(/(\S) {2,}/g, '$1  ');
}

/** Replaces each id after `run:`, in a JSON `id` and in the first column of a `runs list` table by `<id>`. */
function maskIds(text: string): string {
  const ids = [
    ...text.matchAll(/^run: (\S+)$/gm),
    ...text.matchAll(/"id": "([^"]+)"/g),
    ...(text.startsWith('ID ') ? text.matchAll(/^(?!ID )(\S+) /gm) : []),
  ].map((match) => match[1] as string);
  let result = text;
  for (const id of ids) result = result.replaceAll(id, '<id>');
  return result;
}

function parseJson(text: string): unknown {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, sortKeys(item)]));
}

