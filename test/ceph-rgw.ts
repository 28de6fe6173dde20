import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { orphanedTempDirs } from './support/processes.ts';
import { freePort } from './support/sockets.ts';

const run = promisify(execFile);
const tempPrefix = 'ziggy-ceph-';
const binaries = ['/usr/bin/ceph-mon', '/usr/bin/ceph-osd', '/usr/bin/radosgw', '/usr/bin/radosgw-admin', '/usr/bin/monmaptool'];

/** A real S3-compatible server (Ceph's RADOS Gateway) on loopback, with one user whose keys are known. */
export interface TestS3 {
  endpoint: string;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  /** Another user with keys of its own, who owns nothing (for access-denied cases). */
  createUser(uid: string): Promise<{ accessKeyId: string; secretAccessKey: string }>;
  stop(): Promise<void>;
}

/**
 * Starts one Ceph monitor, one memstore OSD and radosgw (beast frontend) on 127.0.0.1 in a temp
 * dir named after this process, and creates a user. It checks SigV4 signatures as AWS does.
 * What a one-OSD cluster needed to start (Ceph 16, Debian 12):
 * - the monmap must list the monitor as `v1:` (`monmaptool --addv`) with `ms_bind_msgr2 = false`;
 *   with a plain `--add` the clients hunt for a v2 address and hang;
 * - `auth_*_required = none`, so no keyrings are needed between the daemons;
 * - `osd_crush_update_on_start = false` and `osd_class_update_on_start = false` (the OSD's own
 *   crush updates are refused with "wrong fsid" here) with a manual `ceph osd crush add`;
 * - `ceph-osd --mkfs` first, then `ceph osd create` with the uuid the store wrote (memstore keeps
 *   its own when it differs from `--osd-uuid`);
 * - `mon_allow_pool_size_one = true` with pool size 1 and small pg counts for the gateway's pools.
 * Daemons run in the foreground as children and are stopped by pid. Starting takes some 10 to 15 s,
 * so each test file that needs it starts it once and shares it between its tests.
 */
export async function startCephGateway(): Promise<TestS3> {
  const missing = binaries.filter((binary) => !existsSync(binary));
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} not found: the S3 tests need Ceph's gateway. Run: apt-get install --no-install-recommends ceph-mon ceph-osd radosgw`);
  }
  removeLeftovers();
  const dir = await mkdtemp(path.join(os.tmpdir(), `${tempPrefix}${process.pid}-`));
  const children: ChildProcess[] = [];
  const killAll = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  const onExit = (): void => {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  try {
    const monPort = await freePort();
    const port = await freePort();
    const conf = path.join(dir, 'ceph.conf');
    await writeFile(conf, cephConf(dir, randomUUID(), monPort, port));
    for (const sub of ['run', 'log', 'mon', 'osd/osd.0', 'rgw']) await mkdir(path.join(dir, sub), { recursive: true });
    const ceph = (...args: string[]) => run('ceph', ['-c', conf, '--connect-timeout', '10', ...args], { timeout: 30_000 });

    await run('monmaptool', ['--create', '--addv', 'a', `[v1:127.0.0.1:${monPort}]`, '--fsid', fsidOf(await readFile(conf, 'utf8')), path.join(dir, 'monmap')]);
    await run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', path.join(dir, 'monmap')]);
    children.push(daemon('ceph-mon', ['-c', conf, '-i', 'a', '-f']));
    await until('the monitor', children, () => ceph('mon', 'stat'));

    await run('ceph-osd', ['-c', conf, '-i', '0', '--mkfs', '--osd-uuid', randomUUID()]);
    const osdUuid = (await readFile(path.join(dir, 'osd/osd.0/fsid'), 'utf8')).trim();
    await ceph('osd', 'create', osdUuid);
    await ceph('osd', 'crush', 'add', 'osd.0', '1.0', 'root=default', 'host=localhost');
    children.push(daemon('ceph-osd', ['-c', conf, '-i', '0', '-f']));
    await until('the OSD', children, async () => {
      if (!/ 1 up/.test((await ceph('osd', 'stat')).stdout)) throw new Error('osd.0 is not up yet');
    });

    children.push(daemon('radosgw', ['-c', conf, '-n', 'client.rgw', '-f']));
    const endpoint = `http://127.0.0.1:${port}`;
    await until('radosgw', children, async () => {
      const response = await fetch(endpoint);
      await response.body?.cancel();
    });
    const createUser = async (uid: string) => {
      const keys = { accessKeyId: `ZIGGY${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(24).toString('base64url') };
      await run('radosgw-admin', ['-c', conf, 'user', 'create', '--uid', uid, '--display-name', uid, '--access-key', keys.accessKeyId, '--secret-key', keys.secretAccessKey]);
      return keys;
    };
    const { accessKeyId, secretAccessKey } = await createUser('ziggy');

    let stopped = false;
    return {
      endpoint,
      port,
      accessKeyId,
      secretAccessKey,
      createUser,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off('exit', onExit);
        const exits = children.map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve))));
        killAll();
        await Promise.all(exits);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const logs = await daemonLogs(dir);
    process.off('exit', onExit);
    onExit();
    throw new Error(`Ceph's gateway did not start: ${(error as Error).message}\n${logs}`);
  }
}

function cephConf(dir: string, fsid: string, monPort: number, port: number): string {
  return `[global]
fsid = ${fsid}
mon_host = v1:127.0.0.1:${monPort}
public_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_bind_msgr2 = false
mon_allow_pool_size_one = true
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_crush_update_on_start = false
osd_class_update_on_start = false
osd_objectstore = memstore
memstore_device_bytes = 536870912
run_dir = ${dir}/run
pid_file = ${dir}/run/$name.pid
log_file = ${dir}/log/$name.log
mon_data = ${dir}/mon/$name
osd_data = ${dir}/osd/$name
[mon]
admin_socket = ${dir}/run/$name.asok
[osd]
admin_socket = ${dir}/run/$name.asok
[client.rgw]
admin_socket = ${dir}/run/$name.asok
rgw_frontends = beast endpoint=127.0.0.1:${port}
rgw_data = ${dir}/rgw
`;
}

function fsidOf(conf: string): string {
  return /^fsid = (.+)$/m.exec(conf)?.[1] ?? '';
}

function daemon(command: string, args: string[]): ChildProcess {
  return spawn(command, args, { stdio: 'ignore' });
}

/** Retries `probe` until it resolves; fails when a daemon exits or after 60 s. */
async function until(what: string, children: ChildProcess[], probe: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const dead = children.find((child) => child.exitCode !== null || child.signalCode !== null);
    if (dead !== undefined) throw new Error(`${dead.spawnfile} exited with ${dead.exitCode ?? dead.signalCode} while waiting for ${what}`);
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not come up within 60 s: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function daemonLogs(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const name of ['mon.a', 'osd.0', 'client.rgw']) {
    const text = await readFile(path.join(dir, 'log', `${name}.log`), 'utf8').catch(() => '');
    const errors = text.split('\n').filter((line) => / -1 /.test(line)).slice(-5);
    if (errors.length > 0) parts.push(`${name}:\n${errors.join('\n')}`);
  }
  return parts.join('\n');
}

/**
 * Kills the daemons of temp dirs whose owning test process is gone, and removes the dirs. The
 * daemons are found by their config path in /proc/<pid>/cmdline: radosgw in the foreground writes
 * no pid file.
 */
function removeLeftovers(): void {
  const orphans = orphanedTempDirs(os.tmpdir(), tempPrefix);
  if (orphans.length === 0) return;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = readFileIfAny(`/proc/${entry}/cmdline`);
    if (!orphans.some((dir) => commandLine.includes(`${dir}/ceph.conf`))) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const dir of orphans) rmSync(dir, { recursive: true, force: true });
}

function readFileIfAny(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
