/**
 * The master key encrypts every secret value. It comes from `ZIGGY_MASTER_KEY` or from
 * `<dataDir>/master.key`, generated on first start. It never enters the store, logs or errors.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ZiggyError } from '../core/errors.ts';

export type MasterKeySource = 'env' | 'file' | 'generated';

export interface LoadMasterKeyOptions {
  dataDir: string;
  env: Record<string, string | undefined>;
}

export interface MasterKey {
  key: Buffer;
  source: MasterKeySource;
}

export const masterKeyEnvVar = 'ZIGGY_MASTER_KEY';
export const masterKeyFileName = 'master.key';

const keyLength = 32;
const hexKeyPattern = /^[0-9a-fA-F]{64}$/;
const base64KeyPattern = /^[A-Za-z0-9+/]{43}=?$/;
const keyFormatHelp =
  `it must be ${keyLength} bytes written as base64 (44 characters) or hex (64 characters). ` +
  `Generate one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))"`;

/** Parses the text form of a key; undefined when it is not exactly 32 bytes in either encoding. */
export function parseMasterKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (hexKeyPattern.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (base64KeyPattern.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === keyLength) return key;
  }
  return undefined;
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

async function readKeyFile(file: string): Promise<Buffer> {
  // Like ssh with private keys: a key others can read is refused rather than silently fixed.
  if (process.platform !== 'win32') {
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new ZiggyError(
        'internal',
        `Master key file ${file} is accessible by other users (mode ${mode.toString(8).padStart(4, '0')}): ` +
          `run "chmod 600 ${file}" and start again.`,
        { file },
      );
    }
  }
  const key = parseMasterKey(await readFile(file, 'utf8'));
  if (key === undefined) {
    throw new ZiggyError('internal', `Master key file ${file} does not hold a valid master key: ${keyFormatHelp}`, {
      file,
    });
  }
  return key;
}

/**
 * Publishes a new key without a window where another process could read a half-written file:
 * the key is written to a private temporary file (exclusive create), then hard-linked to its
 * final name, which fails with EEXIST if another process got there first.
 */
async function generateKeyFile(file: string): Promise<{ key: Buffer; created: boolean }> {
  const key = randomBytes(keyLength);
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return { key, created: true };
  } catch (error) {
    if (isErrnoCode(error, 'EEXIST')) return { key: await readKeyFile(file), created: false };
    throw error;
  } finally {
    await unlink(temporary);
  }
}

export async function loadMasterKey(options: LoadMasterKeyOptions): Promise<MasterKey> {
  const fromEnv = options.env[masterKeyEnvVar];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = parseMasterKey(fromEnv);
    if (key === undefined) {
      throw new ZiggyError('internal', `${masterKeyEnvVar} is not a valid master key: ${keyFormatHelp}`);
    }
    return { key, source: 'env' };
  }

  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dataDir, masterKeyFileName);
  try {
    return { key: await readKeyFile(file), source: 'file' };
  } catch (error) {
    if (!isErrnoCode(error, 'ENOENT')) throw error;
  }
  const generated = await generateKeyFile(file);
  return { key: generated.key, source: generated.created ? 'generated' : 'file' };
}
