/**
 * Opening the SQLite file and running write transactions. The server and the CLI may
 * open the same file at once: WAL lets readers run beside a writer, the busy timeout
 * makes a second writer wait instead of failing, and BEGIN IMMEDIATE takes the write
 * lock up front so two writers serialize rather than fail on a read-to-write upgrade.
 */
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';

export const defaultBusyTimeoutMs = 5000;

const sqliteBusy = 5;

export interface OpenDatabaseOptions {
  file: string;
  busyTimeoutMs: number;
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/** The file holds secret ciphertexts and the audit log: only its owner may read it. */
function restrictFileModes(file: string): void {
  if (process.platform === 'win32') return;
  for (const candidate of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(candidate) && (statSync(candidate).mode & 0o077) !== 0) chmodSync(candidate, 0o600);
  }
}

function createPrivateFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // An empty file is a valid empty database. Creating it ourselves sets its mode;
    // SQLite gives -wal and -shm the mode of the database file.
    writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (!isErrnoCode(error, 'EEXIST')) throw error;
  }
}

export function openDatabase(options: OpenDatabaseOptions): DatabaseSync {
  createPrivateFile(options.file);
  const db = new DatabaseSync(options.file, { timeout: options.busyTimeoutMs, enableForeignKeyConstraints: true });
  try {
    const journal = db.prepare('PRAGMA journal_mode = WAL').get();
    if (journal?.['journal_mode'] !== 'wal') {
      throw new ZiggyError('internal', `Database ${options.file} could not be switched to WAL journal mode.`, {
        file: options.file,
      });
    }
    db.exec('PRAGMA foreign_keys = ON');
    restrictFileModes(options.file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && (error as Error & { errcode?: number }).errcode === sqliteBusy;
}

/** Runs `work` inside BEGIN IMMEDIATE … COMMIT, rolling back when it throws. `work` must be synchronous. */
export function writeTransaction<T>(db: DatabaseSync, file: string, work: () => T): T {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (!isBusy(error)) throw error;
    throw new ZiggyError(
      'internal',
      `Database ${file} is busy: another process kept it locked for writing longer than the busy timeout. Try again.`,
      { file },
    );
  }
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
