import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The OS sandbox below Node's permission model: each runner runs under bubblewrap in a private
 * PID namespace (it cannot see or signal the server or another runner), with a root file
 * system that holds only the system libraries, the Node.js binary, the product's code and
 * node_modules (read-only), a few files of /etc that name resolution and TLS need, and an
 * empty private /tmp. Where the server runs as root, the runner drops to an unprivileged uid.
 * The network is shared: blocks exist to reach other systems.
 */

/** The uid and gid a runner takes when the server runs as root: Debian's `nobody`. */
export const sandboxUid = 65534;

const bwrapCandidates = ['/usr/bin/bwrap', '/usr/local/bin/bwrap'];
const setprivPath = '/usr/bin/setpriv';
// Name resolution, TLS configuration and the time zone; nothing that holds credentials.
const etcFiles = ['/etc/resolv.conf', '/etc/hosts', '/etc/nsswitch.conf', '/etc/gai.conf', '/etc/host.conf', '/etc/localtime', '/etc/ssl'];
// On merged-/usr systems these are symlinks into /usr; elsewhere directories of their own.
const systemDirs = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

export type SandboxProbe = { available: true; bwrap: string; dropsTo: number | undefined } | { available: false; reason: string };

function findBwrap(): string | undefined {
  return bwrapCandidates.find((candidate) => existsSync(candidate));
}

/** The Node.js installation the runner executes: the directory above `bin/node`, or the binary's own directory. */
function nodeInstallDir(): string {
  const binDir = path.dirname(realpathSync(process.execPath));
  return path.basename(binDir) === 'bin' ? path.dirname(binDir) : binDir;
}

function covered(target: string, bound: readonly string[]): boolean {
  return bound.some((prefix) => target === prefix || target.startsWith(prefix + path.sep));
}

/**
 * bubblewrap's arguments for a runner that may read `readable` (the permission model's list).
 * Directories that bubblewrap creates on the way to a bind are made 0755 explicitly: it makes
 * them 0700 otherwise, which an unprivileged uid cannot enter.
 */
export function sandboxArgs(readable: readonly string[]): string[] {
  const args = ['--die-with-parent', '--new-session', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'];
  if (process.getuid?.() !== 0) args.push('--unshare-user');
  // Mounted before the binds: a /tmp mounted after them would hide code that lives under /tmp.
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  const bound: string[] = [];
  const made = new Set<string>();
  const bind = (source: string, target = source): void => {
    if (!existsSync(source) || covered(target, bound)) return;
    const ancestors: string[] = [];
    for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) ancestors.unshift(dir);
    for (const dir of ancestors) {
      if (made.has(dir) || covered(dir, bound)) continue;
      made.add(dir);
      args.push('--perms', '0755', '--dir', dir);
    }
    args.push('--ro-bind', source, target);
    bound.push(target);
  };
  bind('/usr');
  for (const dir of systemDirs) {
    if (!existsSync(dir)) continue;
    if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else bind(dir);
  }
  for (const file of etcFiles) bind(file);
  bind(nodeInstallDir());
  for (const readablePath of readable) bind(readablePath);
  args.push('--chdir', '/tmp');
  return args;
}

/** What comes between bubblewrap and Node: a drop to `nobody` when the server is root. */
export function uidDrop(): string[] {
  if (process.getuid?.() !== 0) return [];
  return [setprivPath, `--reuid=${sandboxUid}`, `--regid=${sandboxUid}`, '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all'];
}

let probed: SandboxProbe | undefined;

/**
 * Whether a runner can start in the sandbox here, found by starting Node in it once per
 * process (about 50 ms): not Linux, no bubblewrap, user namespaces refused, or no setpriv
 * to drop root each give the reason in one line.
 */
export function probeSandbox(readable: readonly string[]): SandboxProbe {
  probed ??= probe(readable);
  return probed;
}

function probe(readable: readonly string[]): SandboxProbe {
  if (process.platform !== 'linux') return { available: false, reason: `the sandbox needs Linux; this is ${process.platform}` };
  const bwrap = findBwrap();
  if (bwrap === undefined) return { available: false, reason: 'bubblewrap is not installed (Debian: apt-get install bubblewrap)' };
  const root = process.getuid?.() === 0;
  if (root && !existsSync(setprivPath)) return { available: false, reason: `${setprivPath} (util-linux) is missing: a runner could not drop root` };
  const check = `process.stdout.write(process.pid + ' ' + process.getuid())`;
  const outcome = spawnSync(bwrap, [...sandboxArgs(readable), '--', ...uidDrop(), process.execPath, '-e', check], { encoding: 'utf8', timeout: 10_000, env: {} });
  const expected = `2 ${root ? sandboxUid : process.getuid?.()}`;
  if (outcome.status === 0 && outcome.stdout === expected) return { available: true, bwrap, dropsTo: root ? sandboxUid : undefined };
  const said = `${outcome.stderr ?? ''}`.split('\n').filter((line) => line.trim() !== '').at(-1);
  const why = outcome.error?.message ?? said ?? `it printed "${outcome.stdout}" instead of "${expected}"`;
  return { available: false, reason: `bubblewrap could not start a runner: ${why}` };
}
