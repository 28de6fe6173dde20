import { userInfo } from 'node:os';
import type { Mode } from '../core/index.ts';
import type { OpenedServices } from '../service/index.ts';
import type { CliIO } from './io.ts';
import { styleFor, type Style } from './output/style.ts';

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
}

/** What every command gets: the io, the global options, output helpers and the services, opened on first use. */
export interface CliContext {
  io: CliIO;
  style: Style;
  /** Who the audit log records for changes made from this shell. */
  actor: string;
  /** Config sources read by this run, so a config error can quote the offending line. */
  sources: Partial<Record<Mode, string>>;
  /** Set by a command whose outcome is a failure that is not an error (a failed connection test). */
  exitCode: number;
  json: boolean;
  services(): Promise<OpenedServices>;
  out(text: string): void;
  warn(text: string): void;
  /** Prints a value as JSON on stdout; used when `--json` is given. */
  printJson(value: unknown): void;
  close(): Promise<void>;
}

/**
 * `readGlobals` is called when a command runs, after parsing, so `--json` and `--data-dir`
 * work before or after the subcommand. Services open only when a command needs them, so a
 * usage error never creates a data directory.
 */
export function createContext(io: CliIO, readGlobals: () => GlobalOptions): CliContext {
  let opened: Promise<OpenedServices> | undefined;
  return {
    io,
    style: styleFor(io.stdout, io.env),
    actor: `cli:${io.env.USER || io.env.USERNAME || userInfo().username}`,
    sources: {},
    exitCode: 0,
    get json() {
      return readGlobals().json === true;
    },
    services() {
      // Loaded on first use so usage errors and help stay fast and never load database drivers.
      opened ??= import('../service/index.ts').then(({ openServices }) =>
        openServices({ dataDir: readGlobals().dataDir, env: io.env }),
      );
      return opened;
    },
    out: (text) => io.stdout.write(text),
    warn: (text) => io.stderr.write(text),
    printJson: (value) => io.stdout.write(JSON.stringify(value, null, 2) + '\n'),
    async close() {
      // A failed open has nothing to close; its error is reported by the command that needed it.
      if (opened !== undefined) await opened.then((services) => services.close(), () => undefined);
    },
  };
}
