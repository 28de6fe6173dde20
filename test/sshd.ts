import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { descendants, orphanedTempDirs, ownerAlive } from './support/processes.ts';
import { freePort } from './support/sockets.ts';

const run = promisify(execFile);
const sshdPath = '/usr/sbin/sshd';
const tempPrefix = 'ziggy-sshd-';
const userPrefix = 'ziggy-sftp-';

/** A real OpenSSH server on loopback with one fresh test user who may log in by password or key. */
export interface TestSshd {
  host: '127.0.0.1';
  port: number;
  username: string;
  password: string;
  /** The user's ed25519 private key, OpenSSH format, no passphrase. */
  privateKey: string;
  /** The server's host key fingerprint as `ssh-keygen -l` prints it: `SHA256:<base64>`. */
  hostKeySha256: string;
  homeDir: string;
  /** Ends every open session (the per-connection sshd processes) while the server keeps listening. */
  dropSessions(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts /usr/sbin/sshd in the foreground with a generated config in a temp dir. Each start gets
 * its own user (named after this process's pid) so test files running in parallel never change
 * each other's password or files; users and servers left by crashed runs are removed first.
 */
export async function startSshd(): Promise<TestSshd> {
  if (!existsSync(sshdPath)) {
    throw new Error(`${sshdPath} not found: the SFTP tests need a real OpenSSH server. Run: apt-get install openssh-server`);
  }
  removeLeftovers();
  await mkdir('/run/sshd', { recursive: true });
  const dir = await mkdtemp(path.join(os.tmpdir(), `${tempPrefix}${process.pid}-`));
  const username = `${userPrefix}${process.pid}-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  await createUser(username, password);
  const homeDir = (await run('getent', ['passwd', username])).stdout.split(':')[5] ?? `/home/${username}`;

  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_ed25519')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', username, '-f', path.join(dir, 'user_ed25519')]);
  // sshd reads authorized_keys with the user's rights, so the path must be traversable by them.
  await chmod(dir, 0o755);
  await mkdir(path.join(dir, 'authorized_keys'), { mode: 0o755 });
  await writeFile(path.join(dir, 'authorized_keys', username), await readFile(path.join(dir, 'user_ed25519.pub')));
  const privateKey = await readFile(path.join(dir, 'user_ed25519'), 'utf8');
  const hostKeySha256 = fingerprint(await readFile(path.join(dir, 'host_ed25519.pub'), 'utf8'));

  const cleanUp = (): void => {
    spawnSync('userdel', ['-r', username], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  let server: { child: ChildProcess; port: number };
  try {
    server = await launch(dir, username);
  } catch (error) {
    cleanUp();
    throw error;
  }
  const { child, port } = server;
  const killAll = (): void => {
    for (const pid of descendants(child.pid ?? -1)) killQuietly(pid);
    child.kill('SIGKILL');
  };
  const onExit = (): void => {
    killAll();
    cleanUp();
  };
  process.on('exit', onExit);

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    username,
    password,
    privateKey,
    hostKeySha256,
    homeDir,
    async dropSessions() {
      for (const pid of descendants(child.pid ?? -1)) killQuietly(pid);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      const exited = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      killAll();
      await exited;
      await retry(() => run('userdel', ['-r', username]));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createUser(username: string, password: string): Promise<void> {
  await retry(() => run('useradd', ['-m', '-s', '/bin/sh', username]));
  await retry(() => runWithInput('chpasswd', `${username}:${password}\n`));
}

/**
 * useradd, chpasswd and userdel lock /etc/passwd, which a parallel test file may hold for a
 * moment; userdel also refuses while a killed session process of the user is still exiting.
 */
async function retry(action: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await action();
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(100 * attempt);
    }
  }
}

/** Writes the config and starts sshd, retrying when another process took the free port first. */
async function launch(dir: string, username: string): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const configPath = path.join(dir, 'sshd_config');
    await writeFile(configPath, sshdConfig(dir, port, username));
    const child = spawn(sshdPath, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    try {
      await waitForBanner(port, child);
      return { child, port };
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt < 3 && /Address already in use/.test(log)) continue;
      throw new Error(`sshd did not start on 127.0.0.1:${port}: ${(error as Error).message}\n${log}`);
    }
  }
}

function sshdConfig(dir: string, port: number, username: string): string {
  return [
    `ListenAddress 127.0.0.1`,
    `Port ${port}`,
    `HostKey ${path.join(dir, 'host_ed25519')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}/%u`,
    `AllowUsers ${username}`,
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin no',
    'UseDNS no',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

/** Resolves once the port answers with an SSH banner; rejects if sshd exits first or after 10 s. */
async function waitForBanner(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sshd exited with ${child.exitCode ?? child.signalCode}`);
    }
    const banner = await readBanner(port);
    if (banner.startsWith('SSH-2.0-')) return;
    await sleep(50);
  }
  throw new Error('no SSH banner within 10 s');
}

function readBanner(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (text: string): void => {
      socket.destroy();
      resolve(text);
    };
    socket.setTimeout(1000, () => done(''));
    socket.once('data', (data) => done(data.toString()));
    socket.once('error', () => done(''));
  });
}

/** OpenSSH's SHA256 fingerprint of a public key line: base64 of the key blob's hash, unpadded. */
function fingerprint(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Removes servers, users and temp dirs whose owning test process is gone (e.g. it was killed). */
function removeLeftovers(): void {
  for (const dir of orphanedTempDirs(os.tmpdir(), tempPrefix)) {
    const sshdPid = Number(readFileIfAny(path.join(dir, 'sshd.pid')).trim());
    if (sshdPid > 0 && readFileIfAny(`/proc/${sshdPid}/cmdline`).includes(dir)) {
      for (const pid of descendants(sshdPid)) killQuietly(pid);
      killQuietly(sshdPid);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const owner = new RegExp(`^${userPrefix}(\\d+)-[0-9a-f]+:`).exec(line)?.[1];
    if (owner !== undefined && !ownerAlive(Number(owner))) {
      spawnSync('userdel', ['-r', line.split(':')[0] ?? ''], { stdio: 'ignore' });
    }
  }
}

function readFileIfAny(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function runWithInput(command: string, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed: ${errors.trim()}`))));
    child.stdin.end(input);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
