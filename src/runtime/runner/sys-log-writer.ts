import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Mode } from '../../core/index.ts';
import type { SysLogRecord } from './protocol.ts';

/** One sysLog call of a block, as written: the record plus which run wrote it. */
export interface SysLogLine extends SysLogRecord {
  executionId: string;
  mode: Mode;
}

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** `ziggy-YYYY-MM-DD-HH.log` for the UTC hour of `at`: one file per hour, so old hours can be archived or deleted whole. */
export function sysLogFileName(at: Date): string {
  const date = `${at.getUTCFullYear()}-${twoDigits(at.getUTCMonth() + 1)}-${twoDigits(at.getUTCDate())}`;
  return `ziggy-${date}-${twoDigits(at.getUTCHours())}.log`;
}

/** JSON has no bigint; a block may log one. */
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Appends blocks' sysLog lines as JSON lines to the hour's file under `logsDir`. Lines are
 * written one after another in call order; a line is in its file when `write` resolves.
 */
export class SysLogWriter {
  readonly logsDir: string;
  #queue: Promise<unknown> = Promise.resolve();
  #dirReady: Promise<unknown> | undefined;

  constructor(logsDir: string) {
    this.logsDir = logsDir;
  }

  fileFor(at: Date): string {
    return path.join(this.logsDir, sysLogFileName(at));
  }

  write(line: SysLogLine): Promise<void> {
    const { at, level, executionId, mode, message, traceInfo, extraData } = line;
    const json = JSON.stringify({ at, level, executionId, mode, message, traceInfo, extraData }, jsonValue);
    const file = this.fileFor(new Date(at));
    const written = this.#queue.then(async () => {
      this.#dirReady ??= mkdir(this.logsDir, { recursive: true }).catch((error: unknown) => {
        this.#dirReady = undefined;
        throw error;
      });
      await this.#dirReady;
      await appendFile(file, `${json}\n`, { mode: 0o600 });
    });
    // A failed line must not stop the lines after it; its caller hears of the failure.
    this.#queue = written.catch(() => undefined);
    return written;
  }
}
