import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { isRunning, orphanedTempDirs } from './support/processes.ts';
import { freePort } from './support/sockets.ts';

const run = promisify(execFile);
const installRoot = '/usr/lib/postgresql';
const tempPrefix = 'ziggy-pg-';
// On tmpfs initdb takes about a third of the time it takes on disk.
const tempRoot = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
const osUser = 'postgres';
// English messages, so a port taken by someone else can be recognised in the server log.
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };

/** A private PostgreSQL cluster on loopback that checks passwords (scram-sha-256), unlike the machine's trust-auth server. */
export interface TestPostgres {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  database: string;
  /** The cluster's data directory; the postmaster's command line names it. */
  dataDir: string;
  /** Stops the server as an operator's restart does (fast: sessions are ended, committed data is kept) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops the server at once (no checkpoint: the data is thrown away) and removes its files. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Creates a fresh cluster with initdb and starts it with pg_ctl, both as the `postgres` OS user
 * because the server refuses to run as root. Durability is switched off throughout: the cluster
 * lives for one test file. Clusters left by killed test processes are removed first.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findBinDir();
  removeLeftovers(bin);
  const owner = postgresAccount();
  const dir = await mkdtemp(path.join(tempRoot, `${tempPrefix}${process.pid}-`));
  const dataDir = path.join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const cleanUp = (): void => {
    pgCtlStopSync(bin, dataDir);
    rmSync(dir, { recursive: true, force: true });
  };
  let port: number;
  let postmasterPid: number;
  try {
    await chmod(dir, 0o700);
    await chown(dir, owner.uid, owner.gid);
    await initCluster(bin, dir, dataDir, password, owner);
    port = await launch(bin, dir, dataDir);
    postmasterPid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch (error) {
    cleanUp();
    throw error;
  }
  process.on('exit', cleanUp);

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database: 'postgres',
    dataDir,
    async restart() {
      await asPostgres(dir, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      await waitForExit(postmasterPid);
      await asPostgres(dir, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-w', '-o', serverOptions(port, dir), 'start']);
      postmasterPid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', cleanUp);
      await asPostgres(dir, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      await waitForExit(postmasterPid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The newest installed major version that has both initdb and pg_ctl. */
function findBinDir(): string {
  const versions = existsSync(installRoot) ? readdirSync(installRoot).filter((name) => /^\d+$/.test(name)) : [];
  const usable = versions
    .map((version) => path.join(installRoot, version, 'bin'))
    .filter((bin) => existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl')))
    .sort((a, b) => majorOf(b) - majorOf(a));
  const bin = usable[0];
  if (bin === undefined) {
    throw new Error(
      `No PostgreSQL server binaries (initdb and pg_ctl) under ${installRoot}/<version>/bin: ` +
        'the password tests need a private PostgreSQL cluster. Run: apt-get install postgresql',
    );
  }
  return bin;
}

function majorOf(bin: string): number {
  return Number(path.basename(path.dirname(bin)));
}

function postgresAccount(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${osUser}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(`No "${osUser}" OS user: the PostgreSQL server package creates it. Run: apt-get install postgresql`);
  }
  return { uid: Number(uid), gid: Number(gid) };
}

async function initCluster(bin: string, dir: string, dataDir: string, password: string, owner: { uid: number; gid: number }): Promise<void> {
  const passwordFile = path.join(dir, 'password');
  await writeFile(passwordFile, password, { mode: 0o600 });
  await chown(passwordFile, owner.uid, owner.gid);
  const args = ['-D', dataDir, '-A', 'scram-sha-256', '-U', 'postgres', `--pwfile=${passwordFile}`];
  args.push('--no-sync', '--no-instructions', '--no-locale', '-E', 'UTF8');
  // --set exists from PostgreSQL 16; it keeps initdb's own bootstrap runs from syncing to disk.
  if (majorOf(bin) >= 16) args.push('--set', 'fsync=off');
  try {
    await asPostgres(dir, path.join(bin, 'initdb'), args);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

// Durability off: the cluster lives for one test file, and the OS does not crash under it, so a fast stop still keeps every commit.
function serverOptions(port: number, socketDir: string): string {
  return `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
}

/** Starts the server on a free port, trying another port when a different process took it first. */
async function launch(bin: string, dir: string, dataDir: string): Promise<number> {
  const logFile = path.join(dir, 'server.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      // -l sends the server's output to a file; without it the daemon would hold our pipes open.
      await asPostgres(dir, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-o', serverOptions(port, dir), 'start']);
      return port;
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      if (attempt < 3 && /Address already in use/.test(log)) continue;
      throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${(error as Error).message}\n${log.slice(-4000)}`);
    }
  }
}

/** Runs a server program as the postgres OS user, from a directory that user may enter. */
async function asPostgres(cwd: string, program: string, args: string[]): Promise<void> {
  try {
    await run('runuser', ['-u', osUser, '--', program, ...args], { cwd, env });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${path.basename(program)} failed: ${[stderr, stdout].filter(Boolean).join('\n').trim() || (error as Error).message}`);
  }
}

/** Used where nothing may be awaited: on process exit, and for leftovers of killed runs. */
function pgCtlStopSync(bin: string, dataDir: string): void {
  if (!existsSync(path.join(dataDir, 'postmaster.pid'))) return;
  spawnSync('runuser', ['-u', osUser, '--', path.join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'], {
    cwd: '/',
    env,
    stdio: 'ignore',
  });
}

/** Stops clusters and removes temp dirs whose owning test process is gone (e.g. it was killed). */
function removeLeftovers(bin: string): void {
  for (const dir of orphanedTempDirs(tempRoot, tempPrefix)) {
    pgCtlStopSync(bin, path.join(dir, 'data'));
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * pg_ctl stop returns once postmaster.pid is gone, which the postmaster deletes just before it
 * exits (its children have exited by then); this waits for the process itself to end. pg_ctl
 * detached it, so its parent is init, which may reap it only later: a zombie counts as ended.
 */
async function waitForExit(pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (isRunning(pid)) {
    if (Date.now() > deadline) throw new Error(`The PostgreSQL postmaster ${pid} was still running 10 s after pg_ctl stop.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
