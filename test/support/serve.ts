import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ziggyBin = fileURLToPath(new URL('../../bin/ziggy.js', import.meta.url));

export interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  stdout: () => string;
  /** The exit code, or the signal that ended the process. */
  exited: Promise<number | string | null>;
}

/** Runs `ziggy serve` as a user would and waits for it to say where it listens. */
export async function serve(args: string[], env: Record<string, string | undefined> = {}): Promise<Served> {
  const cleanEnv = { ...process.env, ...env };
  for (const name of ['ZIGGY_MASTER_KEY', 'ZIGGY_DATA_DIR', 'ZIGGY_ADMIN_PASSWORD', 'ZIGGY_HOST', 'ZIGGY_PORT', 'ZIGGY_STORE_URL', 'ZIGGY_STORE_MIGRATE']) {
    if (!(name in env)) delete cleanEnv[name];
  }
  const child = spawn(process.execPath, [ziggyBin, ...args], { env: cleanEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (found) resolve(found);
    });
    void exited.then((code) => reject(new Error(`ziggy serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, stdout: () => stdout, exited };
}

