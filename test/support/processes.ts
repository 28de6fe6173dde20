import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Helpers for the test servers (PostgreSQL, sshd) that start real processes and clean up after killed test runs. */

/** The state letter and parent pid from /proc/<pid>/stat; undefined once the process is gone. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name in parentheses may hold spaces, so the fields are read after its closing one.
  const [state = '', ppid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state, ppid: Number(ppid) };
}

/** True while the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Every process below `root`, deepest first, read from /proc. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat === undefined) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      walk(child);
      found.push(child);
    }
  };
  walk(root);
  return found;
}

/** Whether the test process `owner` (a pid written into a temp dir's or user's name) still exists. */
export function ownerAlive(owner: number): boolean {
  return existsSync(`/proc/${owner}`);
}

/** The temp dirs in `root` named `<prefix><pid>-…` whose owning test process is gone, e.g. because it was killed. */
export function orphanedTempDirs(root: string, prefix: string): string[] {
  return readdirSync(root)
    .filter((entry) => {
      const owner = new RegExp(`^${prefix}(\\d+)-`).exec(entry)?.[1];
      return owner !== undefined && !ownerAlive(Number(owner));
    })
    .map((entry) => path.join(root, entry));
}
