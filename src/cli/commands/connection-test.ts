import type { Command } from 'commander';
import { parseMode, ZiggyError } from '../../core/index.ts';
import type { ConnectionTestOutcome, TestOptions } from '../../service/types.ts';
import type { CliContext } from '../context.ts';
import { parsePositiveInteger, readSource } from '../input.ts';
import { renderTestOutcome } from '../output/test-result.ts';

interface TestCommandOptions { mode?: string; timeoutMs?: string; type?: string; file?: string }

export function registerConnectionTestCommand(connections: Command, context: CliContext): void {
  connections
    .command('test')
    .description('test a saved connection, or an unsaved draft with --type and --file')
    .argument('[name]', 'saved connection to test')
    .option('--mode <mode>', 'dev or prod (default: the default mode setting, dev unless set)')
    .option('--timeout-ms <n>', 'give up after this many milliseconds (default 10000)')
    .option('--type <type>', 'draft: connection type')
    .option('--file <file>', 'draft: config source ("-" reads stdin)')
    .action(async (name: string | undefined, options: TestCommandOptions) => {
      const mode = options.mode === undefined ? undefined : parseMode(options.mode);
      const testOptions: TestOptions = mode === undefined ? {} : { mode };
      if (options.timeoutMs !== undefined) testOptions.timeoutMs = parsePositiveInteger(options.timeoutMs, '--timeout-ms');
      if (name !== undefined) {
        if (options.type !== undefined || options.file !== undefined) {
          throw new ZiggyError('bad_input', 'Give either a connection NAME or a draft (--type and --file), not both.');
        }
        return report(context, await (await context.services()).connections.test(name, testOptions, context.actor));
      }
      const { type, file } = options;
      if (type === undefined || file === undefined) {
        throw new ZiggyError('bad_input', 'Give a connection NAME to test, or --type TYPE and --file FILE to test a draft.');
      }
      // The source is kept to quote the line of a config error; a draft without a mode is shown as dev.
      const source = await readSource(context, file, mode ?? 'dev');
      report(context, await (await context.services()).connections.testDraft({ type, source }, testOptions, context.actor));
    });
}

function report(context: CliContext, outcome: ConnectionTestOutcome): void {
  // A failed test is an outcome, not an error: it is reported in full and exits 1.
  if (!outcome.ok) context.exitCode = 1;
  if (context.json) return context.printJson(outcome);
  context.out(renderTestOutcome(outcome, context.style));
}
