// What the bootstrap asks of the machine, as an interface so its decisions are tested with a fake machine
// and run for real with `localMachine`.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { connect } from 'node:net';

export interface CommandResult {
  code: number;
  /** stdout and stderr together, kept for the message when the command fails. */
  output: string;
}

export interface Machine {
  exists(path: string): boolean;
  isRoot(): boolean;
  /** Debian or Ubuntu with apt-get: the only kind of machine the bootstrap installs packages on. */
  hasApt(): boolean;
  portOpen(port: number): Promise<boolean>;
  /** Runs a shell command line, without a terminal, and waits for it. */
  run(commandLine: string, env?: Record<string, string>): Promise<CommandResult>;
  sleep(ms: number): Promise<void>;
  print(line: string): void;
}

const portCheckTimeoutMs = 500;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: portCheckTimeoutMs });
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}

function run(commandLine: string, env: Record<string, string> = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', commandLine], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => resolve({ code: 127, output: error.message }));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const localMachine: Machine = {
  exists: existsSync,
  isRoot: () => process.getuid?.() === 0,
  hasApt: () => executable('/usr/bin/apt-get') && existsSync('/etc/debian_version'),
  portOpen,
  run,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  print: (line) => process.stdout.write(`${line}\n`),
};
