import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { readTextFile } from '../input.ts';
import { readBlockRun, reportRun, withBlockRunOptions, type BlockRunOptions } from '../run-input.ts';

export function registerRunCommand(program: Command, context: CliContext): void {
  const command = program
    .command('run')
    .description('run a JavaScript Block from a file: prints its console lines, outputs and result')
    .argument('<file>', 'the block\'s code, one function ("-" reads stdin)');
  withBlockRunOptions(command).action(async (file: string, options: BlockRunOptions) => {
    const run = await readBlockRun(context, options, file === '-');
    const code = await readTextFile(context, file, 'block file', 'file');
    const record = await (await context.services()).runs.runCode({ code, ...run }, context.actor);
    reportRun(context, record, run.wait !== false);
  });
}
