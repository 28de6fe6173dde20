import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Helpers for the end-to-end tests of `ziggy run`, `op`, `blocks` and `runs`, which spawn the real launcher. */

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

export function expectCode(run: Run, code: number, what: string): void {
  assert.equal(run.code, code, `${what}: exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

/**
 * What may differ between a local run and the same run on a server: run ids, times, durations,
 * who started it, column widths, and the key order of JSON (the server serializes by schema).
 */
export function normalise(text: string, actors: readonly string[]): string {
  const json = parseJson(text);
  let result = json === undefined ? text : JSON.stringify(sortKeys(json), null, 2) + '\n';
  const ids = [
    ...result.matchAll(/^run: (\S+)$/gm),
    ...result.matchAll(/"id": "([^"]+)"/g),
    // The first column of a `runs list` table.
    ...(result.startsWith('ID ') ? result.matchAll(/^(?!ID )(\S+) /gm) : []),
  ].map((match) => match[1] as string);
  for (const id of ids) result = result.replaceAll(id, '<id>');
  result = result
    .replace(/"durationMs": \d+/g, '"durationMs": 0')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, '<time>')
    .replace(/\b\d+ ms\b/g, '<n> ms');
  for (const actor of actors) result = result.replaceAll(actor, '<actor>');
  return result.replace(/(\S) {2,}/g, '$1  ');
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

