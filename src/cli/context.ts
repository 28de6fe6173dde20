import { userInfo } from 'node:os';
import type { RemoteServices } from '../client/remote-services.ts';
import { ZiggyError, type Mode } from '../core/index.ts';
import type { OpenedServices } from '../service/index.ts';
import type { Services } from '../service/types.ts';
import { nonEmpty, type CliIO } from './io.ts';
import { styleFor, type Style } from './output/style.ts';

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  server?: string;
}

/** Where the services of this run live: a local data dir, or a Ziggy server reached over its REST API. */
export type ServicesTarget =
  | { kind: 'local'; services: OpenedServices }
  | { kind: 'remote'; services: RemoteServices };

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
  services(): Promise<Services>;
  /** The services with where they live, for a command that shows local-only or remote-only facts. */
  target(): Promise<ServicesTarget>;
  out(text: string): void;
  warn(text: string): void;
  /** Prints a value as JSON on stdout; used when `--json` is given. */
  printJson(value: unknown): void;
  close(): Promise<void>;
}

/**
 * `readGlobals` is called when a command runs, after parsing, so `--json`, `--data-dir` and
 * `--server` work before or after the subcommand. Services open only when a command needs
 * them, so a usage error never creates a data directory or sends a request.
 */
export function createContext(io: CliIO, readGlobals: () => GlobalOptions): CliContext {
  let opened: Promise<ServicesTarget> | undefined;
  const target = (): Promise<ServicesTarget> => (opened ??= openTarget(readGlobals(), io.env));
  return {
    io,
    style: styleFor(io.stdout, io.env),
    actor: `cli:${io.env.USER || io.env.USERNAME || userInfo().username}`,
    sources: {},
    exitCode: 0,
    get json() {
      return readGlobals().json === true;
    },
    target,
    services: async () => (await target()).services,
    out: (text) => io.stdout.write(text),
    warn: (text) => io.stderr.write(text),
    printJson: (value) => io.stdout.write(JSON.stringify(value, null, 2) + '\n'),
    async close() {
      // A failed open has nothing to close; its error is reported by the command that needed it.
      if (opened !== undefined) await opened.then(({ services }) => services.close(), () => undefined);
    },
  };
}

/** `--server` or `ZIGGY_SERVER` (with `ZIGGY_TOKEN`) selects a server; otherwise the local data dir is used. */
async function openTarget(globals: GlobalOptions, env: CliIO['env']): Promise<ServicesTarget> {
  const server = globals.server ?? nonEmpty(env.ZIGGY_SERVER);
  // Both modules are loaded on first use so usage errors and help stay fast and never load database drivers.
  if (server === undefined) {
    const { openServices } = await import('../service/index.ts');
    return { kind: 'local', services: await openServices({ dataDir: globals.dataDir, env }) };
  }
  const from = globals.server === undefined ? 'ZIGGY_SERVER' : '--server';
  if (globals.dataDir !== undefined) {
    throw new ZiggyError(
      'bad_input',
      `Give either --data-dir or a server (${from}), not both: a server keeps its own data.` +
        (from === 'ZIGGY_SERVER' ? ' Unset ZIGGY_SERVER to use a local data dir.' : ''),
    );
  }
  const token = nonEmpty(env.ZIGGY_TOKEN);
  if (token === undefined) {
    throw new ZiggyError(
      'bad_input',
      `ZIGGY_TOKEN is not set: the server ${server} needs an API token. Create one in the web UI or with POST /api/tokens, then export ZIGGY_TOKEN.`,
      { field: 'ZIGGY_TOKEN' },
    );
  }
  const { openRemoteServices } = await import('../client/remote-services.ts');
  return { kind: 'remote', services: openRemoteServices({ server, token }) };
}
