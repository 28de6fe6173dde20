import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ziggy.js', import.meta.url));

export interface ZiggyProcess {
  child: ChildProcessWithoutNullStreams;
  /** What the ready line captured: the URL for `serve`, the worker id for `worker`. */
  ready: string;
  stderr(): string;
  /** The exit code, or the signal that ended the process. */
  exited: Promise<number | string | null>;
}

const readyLines = {
  serve: /listening on (http:\/\/\S+)/,
  worker: /Ziggy worker (\S+) taking runs/,
};

/** Starts `ziggy <command>` as a real process with exactly this environment (plus PATH) and waits for its ready line. */
export async function startZiggy(command: keyof typeof readyLines, args: string[], env: Record<string, string>): Promise<ZiggyProcess> {
  const child = spawn(process.execPath, [bin, command, ...args], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root', ...env } });
  let stderr = '';
  child.stdout.resume();
  const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  const ready = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = readyLines[command].exec(stderr)?.[1];
      if (found !== undefined) resolve(found);
    });
    void exited.then((code) => reject(new Error(`ziggy ${command} exited with ${code}: ${stderr}`)));
  });
  return { child, ready, stderr: () => stderr, exited };
}
