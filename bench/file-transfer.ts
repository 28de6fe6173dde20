/**
 * Get and put of one large file (256 MB by default, `--mb N`) through the file stores of
 * src/core/files, each next to a baseline in the same run on the same loopback server:
 * - SFTP (`sftpFiles` over our SFTP client) next to OpenSSH's own `sftp` client in batch mode,
 *   against the test OpenSSH server of test/sshd.ts;
 * - S3 (`s3Files`) next to the raw SDK (`Upload` of @aws-sdk/lib-storage, `GetObjectCommand`),
 *   against Ceph's RADOS Gateway of test/ceph-rgw.ts.
 * After an untimed 1 MB warm-up of each side, baseline and ours take turns over the rounds (the first of a round changes each round), every
 * transfer's size is checked and each side's first download is compared by sha256.
 * The `sftp` figures have the cost of a session that does nothing (process start, key exchange,
 * login, measured in the same round) taken off, so they are the transfer alone, as ours are.
 * Run alone with `node bench/file-transfer.ts [--mb 256] [--rounds 2]`; bench/run.ts calls runFileTransferBench().
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync } from 'node:fs';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs, promisify } from 'node:util';
import { GetObjectCommand, type S3 } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { FileStore } from '../src/core/files/store.ts';
import s3 from '../src/connectors/s3/index.ts';
import { s3Files } from '../src/connectors/s3/files.ts';
import { s3Schema } from '../src/connectors/s3/schema.ts';
import sftp from '../src/connectors/sftp/index.ts';
import { sftpFiles } from '../src/connectors/sftp/files.ts';
import { sftpSchema } from '../src/connectors/sftp/schema.ts';
import { startCephGateway } from '../test/ceph-rgw.ts';
import { startSshd } from '../test/sshd.ts';

const run = promisify(execFile);
const sftpBinary = '/usr/bin/sftp';

export type Direction = 'put' | 'get';

/** MB/s (MB = 2^20 bytes) of each round, in the order they ran. */
export interface TransferFigures {
  put: number[];
  get: number[];
}

export interface PairFigures {
  ours: TransferFigures;
  baseline: TransferFigures;
}

export interface FileTransferBenchResult {
  mb: number;
  rounds: number;
  sftp: PairFigures;
  s3: PairFigures;
  /** Median ms of an OpenSSH `sftp` session that does nothing, taken off its transfers. */
  sftpSessionMs: number;
  loadAtStart: number;
}

interface Side {
  put(local: string): Promise<number>;
  get(local: string): Promise<number>;
  /** Bytes of the remote file after a put. */
  remoteSize(): Promise<number>;
  /** After a get: frees what the server holds, where space is short. */
  cleanUp?(): Promise<void>;
}

const bytesOf = (mb: number): number => mb * 2 ** 20;
const mbPerSecond = (bytes: number, ms: number): number => bytes / 2 ** 20 / (ms / 1000);

async function timedMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** A file of random bytes, written 1 MB at a time. */
async function makeSource(file: string, mb: number): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (let i = 0; i < mb; i++) await handle.write(randomBytes(2 ** 20));
  } finally {
    await handle.close();
  }
}

const signal = new AbortController().signal;

function storeSide(store: FileStore, remote: string, remoteSize: () => Promise<number>, cleanUp?: () => Promise<void>): Side {
  return {
    put: (local) => timedMs(() => store.write(remote, createReadStream(local), { overwrite: true, append: false, signal })),
    get: (local) => timedMs(async () => pipeline(await store.read(remote, signal), createWriteStream(local))),
    remoteSize,
    ...(cleanUp === undefined ? {} : { cleanUp }),
  };
}

/**
 * Runs `rounds` rounds of put then get for baseline and ours, which go first by turns; each put is
 * checked by the remote size, each get by the local size, the first get of each by sha256.
 */
async function compare(dir: string, source: string, bytes: number, rounds: number, sides: { baseline: Side; ours: Side }, sessionMs?: () => Promise<number>): Promise<PairFigures & { sessionMs: number[] }> {
  const figures: PairFigures & { sessionMs: number[] } = { ours: { put: [], get: [] }, baseline: { put: [], get: [] }, sessionMs: [] };
  const sourceHash = await sha256(source);
  // One untimed 1 MB put and get per side first: the gateway makes its data pool on the first
  // write, and each side's code paths run once before they are timed.
  const warmUp = path.join(dir, 'warm-up.bin');
  await writeFile(warmUp, randomBytes(2 ** 20));
  for (const side of [sides.baseline, sides.ours]) {
    await side.put(warmUp);
    await side.get(path.join(dir, 'warm-up-got.bin'));
    await side.cleanUp?.();
  }
  await rm(path.join(dir, 'warm-up-got.bin'), { force: true });
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const);
    const overhead = sessionMs === undefined ? 0 : await sessionMs();
    figures.sessionMs.push(overhead);
    for (const name of order) {
      const side = sides[name];
      const putMs = (await side.put(source)) - (name === 'baseline' ? overhead : 0);
      const remote = await side.remoteSize();
      if (remote !== bytes) throw new Error(`${name} put ${remote} bytes, not ${bytes}.`);
      const local = path.join(dir, `got-${name}.bin`);
      const getMs = (await side.get(local)) - (name === 'baseline' ? overhead : 0);
      const got = (await stat(local)).size;
      if (got !== bytes) throw new Error(`${name} got ${got} bytes, not ${bytes}.`);
      if (round === 0 && (await sha256(local)) !== sourceHash) throw new Error(`${name} got different bytes than were put (sha256).`);
      await rm(local, { force: true });
      await side.cleanUp?.();
      figures[name].put.push(mbPerSecond(bytes, putMs));
      figures[name].get.push(mbPerSecond(bytes, getMs));
    }
  }
  return figures;
}

async function sftpPair(dir: string, source: string, bytes: number, rounds: number): Promise<PairFigures & { sessionMs: number[] }> {
  const server = await startSshd();
  const client = await sftp.createClient(sftpSchema.parse({ host: server.host, port: server.port, username: server.username, password: server.password }));
  const keyFile = path.join(dir, 'id_ed25519');
  await writeFile(keyFile, server.privateKey, { mode: 0o600 });
  // OpenSSH's client, one session per batch file, as a script would run it.
  const openssh = async (commands: string): Promise<number> => {
    const batch = path.join(dir, 'batch');
    await writeFile(batch, commands);
    return timedMs(() =>
      run(sftpBinary, ['-q', '-b', batch, '-i', keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-P', String(server.port), `${server.username}@127.0.0.1`]),
    );
  };
  const remoteSize = (name: string) => async () => (await stat(path.join(server.homeDir, name))).size;
  try {
    const store = sftpFiles.open(client, undefined);
    const baseline: Side = {
      put: (local) => openssh(`put ${local} openssh.bin\n`),
      get: (local) => openssh(`get openssh.bin ${local}\n`),
      remoteSize: remoteSize('openssh.bin'),
    };
    // Median of three empty sessions: what a transfer by `sftp` pays before its first byte.
    const sessionMs = async (): Promise<number> => {
      const times = [await openssh('pwd\n'), await openssh('pwd\n'), await openssh('pwd\n')].sort((a, b) => a - b);
      return times[1] ?? 0;
    };
    return await compare(dir, source, bytes, rounds, { baseline, ours: storeSide(store, 'ours.bin', remoteSize('ours.bin')) }, sessionMs);
  } finally {
    await sftp.closeClient(client);
    await server.stop();
  }
}

async function s3Pair(dir: string, source: string, bytes: number, rounds: number): Promise<PairFigures> {
  const server = await startCephGateway();
  const client: S3 = await s3.createClient(
    s3Schema.parse({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } }),
  );
  const Bucket = 'bench';
  // The gateway's OSD keeps objects in 512 MB of memory, and a deleted object's parts wait for
  // its garbage collection (two hours by default): each object is deleted and collected after its get.
  const conf = readdirSync(os.tmpdir()).find((name) => name.startsWith(`ziggy-ceph-${process.pid}-`));
  if (conf === undefined) throw new Error("Could not find the gateway's ceph.conf.");
  const cleanUp = (Key: string) => async (): Promise<void> => {
    await client.deleteObject({ Bucket, Key });
    await run('radosgw-admin', ['-c', path.join(os.tmpdir(), conf, 'ceph.conf'), 'gc', 'process', '--include-all'], { timeout: 120_000 });
  };
  const remoteSize = (Key: string) => async () => (await client.headObject({ Bucket, Key })).ContentLength ?? 0;
  try {
    await client.createBucket({ Bucket });
    const store = s3Files.open(client, Bucket);
    const baseline: Side = {
      put: (local) => timedMs(() => new Upload({ client, params: { Bucket, Key: 'sdk.bin', Body: createReadStream(local) } }).done()),
      get: (local) =>
        timedMs(async () => {
          const object = await client.send(new GetObjectCommand({ Bucket, Key: 'sdk.bin' }));
          if (!(object.Body instanceof Readable)) throw new Error('GetObject returned no readable body.');
          await pipeline(object.Body, createWriteStream(local));
        }),
      remoteSize: remoteSize('sdk.bin'),
      cleanUp: cleanUp('sdk.bin'),
    };
    return await compare(dir, source, bytes, rounds, { baseline, ours: storeSide(store, 'ours.bin', remoteSize('ours.bin'), cleanUp('ours.bin')) });
  } finally {
    await s3.closeClient(client);
    await server.stop();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function runFileTransferBench(options: { mb?: number; rounds?: number } = {}): Promise<FileTransferBenchResult> {
  const mb = options.mb ?? 256;
  const rounds = options.rounds ?? 2;
  const loadAtStart = os.loadavg()[0] ?? 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-bench-files-'));
  try {
    const source = path.join(dir, 'source.bin');
    await makeSource(source, mb);
    const { sessionMs, ...sftpFigures } = await sftpPair(dir, source, bytesOf(mb), rounds);
    const s3Figures = await s3Pair(dir, source, bytesOf(mb), rounds);
    return { mb, rounds, sftp: sftpFigures, s3: s3Figures, sftpSessionMs: median(sessionMs), loadAtStart };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatFileTransferBench(result: FileTransferBenchResult): string {
  const best = (values: number[]): number => Math.max(...values);
  const rounds = (values: number[]): string => values.map((value) => value.toFixed(0)).join(', ');
  const rows: string[] = [
    `| what | direction | best MB/s | median MB/s | each round MB/s | ours vs baseline (best) | goal |`,
    '| --- | --- | ---: | ---: | --- | ---: | --- |',
  ];
  const pair = (label: string, baselineLabel: string, figures: PairFigures, goal: number): void => {
    for (const direction of ['put', 'get'] as const) {
      const ours = figures.ours[direction];
      const base = figures.baseline[direction];
      const share = best(ours) / best(base);
      rows.push(`| ${label} | ${direction} | ${best(ours).toFixed(0)} | ${median(ours).toFixed(0)} | ${rounds(ours)} | ${(share * 100).toFixed(0)} % | ≥ ${goal} %: ${share * 100 >= goal ? 'met' : 'missed'} |`);
      rows.push(`| baseline: ${baselineLabel} | ${direction} | ${best(base).toFixed(0)} | ${median(base).toFixed(0)} | ${rounds(base)} | 100 % | |`);
    }
  };
  pair('SFTP store (`sftpFiles`)', 'OpenSSH `sftp -b` (session cost taken off)', result.sftp, 70);
  pair('S3 store (`s3Files`)', 'raw SDK (`Upload`, `GetObjectCommand`)', result.s3, 90);
  return `${result.mb} MB (2^20 bytes) file, ${result.rounds} rounds each, load average ${result.loadAtStart.toFixed(1)} at the start; an empty OpenSSH \`sftp\` session took ${result.sftpSessionMs.toFixed(0)} ms (median), taken off its transfers.

${rows.join('\n')}`;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { mb: { type: 'string' }, rounds: { type: 'string' } } });
  const mb = values.mb === undefined ? 256 : Number(values.mb);
  const rounds = values.rounds === undefined ? 2 : Number(values.rounds);
  if (!Number.isInteger(mb) || mb < 1) throw new Error(`--mb takes a whole number of MB, not "${values.mb}".`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number, not "${values.rounds}".`);
  console.log(formatFileTransferBench(await runFileTransferBench({ mb, rounds })));
}
