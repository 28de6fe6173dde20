import type { Command } from 'commander';
import { pino } from 'pino';
import { ZiggyError } from '../../core/index.ts';
import type { PluginLoad } from '../../service/plugins/index.ts';
import { defaultHost, defaultPort, startServer } from '../../server/start.ts';
import type { AdminBootstrap } from '../../service/auth-types.ts';
import { checkReadiness } from '../../service/readiness.ts';
import type { RunOn } from '../../service/types.ts';
import type { CliContext, GlobalOptions } from '../context.ts';
import { nonEmpty } from '../io.ts';
import { interrupted } from '../signals.ts';

interface ServeOptions {
  host?: string;
  port?: string;
  logFile?: string;
  trustProxy?: boolean;
  /** false with --no-migrate. */
  migrate: boolean;
  store?: string;
  runOn?: string;
}

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP API server until interrupted (Ctrl-C or SIGTERM)')
    .option('--host <host>', `address to listen on (default: $ZIGGY_HOST or ${defaultHost})`)
    .option('--port <port>', `port to listen on (default: $ZIGGY_PORT or ${defaultPort})`)
    .option('--log-file <file>', 'append the JSON log to this file instead of stdout')
    .option('--trust-proxy', 'trust X-Forwarded-* headers from a reverse proxy in front of the server')
    .option('--store <url>', 'a postgres:// URL of the shared store (default: $ZIGGY_STORE_URL, else the SQLite file in the data dir)')
    .option('--run-on <where>', 'server: run blocks and operations in this process; workers: hand them to `ziggy worker` processes (default: $ZIGGY_RUN_ON or server)')
    .option('--no-migrate', 'do not apply pending PostgreSQL store migrations at start (as ZIGGY_STORE_MIGRATE=manual): /readyz answers 503 until `ziggy store migrate` ran')
    .action(async (options: ServeOptions) => {
      const { io } = context;
      const host = options.host ?? nonEmpty(io.env.ZIGGY_HOST) ?? defaultHost;
      const port = parsePort(options.port ?? nonEmpty(io.env.ZIGGY_PORT) ?? String(defaultPort));
      const logFile = options.logFile === undefined ? undefined : pino.destination({ dest: options.logFile, mkdir: true, sync: true });
      const server = await startServer({
        dataDir: program.opts<GlobalOptions>().dataDir,
        host,
        port,
        env: io.env,
        logger: { destination: logFile ?? io.stdout },
        trustProxy: options.trustProxy === true,
        ...(options.store === undefined ? {} : { storeUrl: options.store }),
        ...(options.runOn === undefined ? {} : { runOn: runOnOf(options.runOn) }),
        ...(options.migrate ? {} : { storeMigrate: 'manual' as const }),
      });
      announceBootstrap(io.stderr, server.bootstrap);
      const readiness = await checkReadiness(server.services.store);
      if (!readiness.ready) io.stderr.write(`Not ready: ${readiness.reason}\n`);
      server.laterBootstrap?.then(
        (bootstrap) => announceBootstrap(io.stderr, bootstrap),
        (error: unknown) => io.stderr.write(`The first admin could not be created: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      // Listen for signals before announcing the address: whoever reads it may signal at once.
      const stopRequested = interrupted();
      const { isolation, pluginLoad } = server.services;
      io.stderr.write(
        server.services.runOn === 'workers'
          ? 'Runs: handed to workers (ziggy worker) through the PostgreSQL store\n'
          : `Block isolation: ${isolation.level === 'unavailable' ? 'NONE, ' : ''}${isolation.summary}\n`,
      );
      io.stderr.write(pluginLines(pluginLoad));
      io.stderr.write(`Ziggy listening on ${server.url} (web UI: ${server.url}/, OpenAPI: ${server.url}/api/openapi.json)\n`);
      await stopRequested;
      io.stderr.write('Stopping: finishing requests in flight…\n');
      await server.close();
      logFile?.end();
    });
}

/** Console only: the log (stdout or --log-file) never sees the one-time password. */
function announceBootstrap(stderr: { write(text: string): unknown }, bootstrap: AdminBootstrap): void {
  if (bootstrap.oneTimePassword !== undefined) {
    stderr.write(
      `Created the user "admin" with the one-time password: ${bootstrap.oneTimePassword}\n` +
        'It is shown only this once: sign in and change it (PUT /api/auth/password).\n',
    );
  } else if (bootstrap.created) {
    stderr.write('Created the user "admin" with the password from ZIGGY_ADMIN_PASSWORD.\n');
  }
}

function runOnOf(text: string): RunOn {
  if (text === 'server' || text === 'workers') return text;
  throw new ZiggyError('bad_input', `--run-on must be server or workers; got "${text}".`, { field: 'run-on' });
}

/** One line for the plugin types that loaded, and one per plugin that did not (the server starts anyway). */
function pluginLines(load: PluginLoad): string {
  const loaded = load.connectors.map(({ connector }) => connector.id);
  const lines = loaded.length === 0 ? [] : [`Plugin types: ${loaded.join(', ')}`];
  if (load.modules.size > 0) lines.push(`Allowed modules: ${[...load.modules.keys()].join(', ')}`);
  for (const failure of load.failures) lines.push(`Plugin ${failure.name} FAILED to load: ${failure.message}`);
  return lines.map((line) => `${line}\n`).join('');
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new ZiggyError('bad_input', `Port "${text}" is not a port number: use 0 to 65535.`, { field: 'port' });
  }
  return port;
}
