import { Command } from 'commander';
import type { CliContext, GlobalOptions } from './context.ts';
import type { CliIO } from './io.ts';
import { registerBlockCommands } from './commands/blocks.ts';
import { registerConnectionCommands } from './commands/connections.ts';
import { registerFileCommands } from './commands/files.ts';
import { registerOpCommand } from './commands/op.ts';
import { registerPluginCommands } from './commands/plugins.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerRunsCommands } from './commands/runs.ts';
import { registerSecretCommands } from './commands/secrets.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerStoreCommands } from './commands/store.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { registerTypesCommand } from './commands/types.ts';
import { registerUserCommands } from './commands/users.ts';

const helpFooter = `
Exit codes: 0 success, 1 failed connection test, failed run or internal error, 2 bad input (usage, not found, conflict, invalid config).

Environment:
  ZIGGY_DATA_DIR    data directory when --data-dir is not given (default ./data)
  ZIGGY_MASTER_KEY  master key (32 bytes as base64 or hex); else <data dir>/master.key, generated on first use
  ZIGGY_SERVER      Ziggy server URL when --server is not given; commands then run on that server
  ZIGGY_TOKEN       API token for the server (required with --server or ZIGGY_SERVER)
  ZIGGY_STORE_URL   postgres:// URL of a shared PostgreSQL store; unset: the SQLite file in the data dir
  ZIGGY_RUN_ON      server (default): runs execute in the serving process; workers: handed to ziggy worker processes
  ZIGGY_DEBUG=1     print the stack of internal errors
  NO_COLOR          no colors even on a terminal`;

/**
 * The command tree. Settings made here before adding commands are inherited by every
 * subcommand: errors throw instead of exiting, and all output goes through `io`.
 */
export function createProgram(io: CliIO): Command {
  return new Command('ziggy')
    .description('Ziggy Connections: named, typed connections per mode, with an encrypted Secrets Manager')
    .option('--json', 'print machine-readable JSON')
    .option('--data-dir <dir>', 'data directory (default: $ZIGGY_DATA_DIR or ./data)')
    .option('--server <url>', 'run the commands on this Ziggy server (default: $ZIGGY_SERVER)')
    .addHelpText('after', helpFooter)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One line per usage error, including commander's "did you mean" suggestion.
      outputError: (text, write) => write(`${text.trim().replace(/\s*\n\s*/g, ' ')}\n`),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
}

export function registerCommands(program: Command, context: CliContext): void {
  registerStartCommand(program, context);
  registerSecretCommands(program, context);
  registerConnectionCommands(program, context);
  registerTypesCommand(program, context);
  registerRunCommand(program, context);
  registerOpCommand(program, context);
  registerFileCommands(program, context);
  registerBlockCommands(program, context);
  registerRunsCommands(program, context);
  registerUserCommands(program, context);
  registerPluginCommands(program, context);
  registerServeCommand(program, context);
  registerStoreCommands(program, context);
  registerWorkerCommand(program, context);
}

export function globalOptions(program: Command): GlobalOptions {
  return program.opts<GlobalOptions>();
}
