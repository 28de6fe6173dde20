import type { Command } from 'commander';
import { parseMode, ZiggyError } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { parseJson, reportRun, waitingOf, withNoWait } from '../run-input.ts';

export function registerOpCommand(program: Command, context: CliContext): void {
  const command = program
    .command('op')
    .description("run a connection's operation (SQL Block select, SFTP Block get, …); `ziggy types` lists them")
    .argument('<connection>', 'the connection to run it on')
    .argument('<operation>', 'the operation, e.g. select')
    .option('--params <json>', 'the parameters as a JSON object', '{}')
    .option('--mode <mode>', 'dev or prod (default: the default mode setting, dev unless set)');
  withNoWait(command).action(async (connection: string, operation: string, options: { params: string; mode?: string; wait?: boolean }) => {
    const mode = options.mode === undefined ? undefined : parseMode(options.mode);
    const params = parseJson(options.params, '--params');
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new ZiggyError('bad_input', '--params must be a JSON object, e.g. --params \'{"sql":"select 1"}\'.', { field: '--params' });
    }
    const target = await context.target();
    // Only here, on this machine, may parameters name local files (the SFTP Block's localPath): never through a server.
    const allowLocalFiles = target.kind === 'local';
    const waiting = await waitingOf(context, options.wait);
    const record = await target.services.runs.runOperation({ connection, operation, params, mode, allowLocalFiles, ...waiting }, context.actor);
    reportRun(context, record, waiting.wait !== false);
  });
}
