import type { Command } from 'commander';
import { pino } from 'pino';
import { ZiggyError } from '../../core/index.ts';
import type { PluginLoad } from '../../service/plugins/index.ts';
import { defaultHost, defaultPort, startServer } from '../../server/start.ts';
import type { CliContext, GlobalOptions } from '../context.ts';
import { nonEmpty } from '../io.ts';

interface ServeOptions {
  host?: string;
  port?: string;
  logFile?: string;
  trustProxy?: boolean;
}

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP API server until interrupted (Ctrl-C or SIGTERM)')
    .option('--host <host>', `address to listen on (default: $ZIGGY_HOST or ${defaultHost})`)
    .option('--port <port>', `port to listen on (default: $ZIGGY_PORT or ${defaultPort})`)
    .option('--log-file <file>', 'append the JSON log to this file instead of stdout')
    .option('--trust-proxy', 'trust X-Forwarded-* headers from a reverse proxy in front of the server')
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
      });
      // Console only: the log (stdout or --log-file) never sees the one-time password.
      const { bootstrap } = server;
      if (bootstrap.oneTimePassword !== undefined) {
        io.stderr.write(
          `Created the user "admin" with the one-time password: ${bootstrap.oneTimePassword}\n` +
            'It is shown only this once: sign in and change it (PUT /api/auth/password).\n',
        );
      } else if (bootstrap.created) {
        io.stderr.write('Created the user "admin" with the password from ZIGGY_ADMIN_PASSWORD.\n');
      }
      // Listen for signals before announcing the address: whoever reads it may signal at once.
      const stopRequested = interrupted();
      const { isolation, pluginLoad } = server.services;
      io.stderr.write(`Block isolation: ${isolation.level === 'unavailable' ? 'NONE, ' : ''}${isolation.summary}\n`);
      io.stderr.write(pluginLines(pluginLoad));
      io.stderr.write(`Ziggy listening on ${server.url} (web UI: ${server.url}/, OpenAPI: ${server.url}/api/openapi.json)\n`);
      await stopRequested;
      io.stderr.write('Stopping: finishing requests in flight…\n');
      await server.close();
      logFile?.end();
    });
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

/** Resolves on the first SIGINT or SIGTERM, and stops listening for both. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
