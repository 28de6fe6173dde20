import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { parsePositiveInteger, readTextFile } from '../input.ts';
import { renderBlock, renderBlockTable } from '../output/run.ts';
import { readBlockRun, reportRun, withBlockRunOptions, type BlockRunOptions } from '../run-input.ts';

interface SaveOptions {
  file: string;
  description?: string;
  retrySafe?: boolean;
  version?: string;
}

export function registerBlockCommands(program: Command, context: CliContext): void {
  const blocks = program.command('blocks').description('manage saved JavaScript Blocks and run them by name');

  blocks
    .command('list')
    .description('list saved blocks')
    .action(async () => {
      const list = await (await context.services()).blocks.list();
      if (context.json) return context.printJson(list);
      if (list.length === 0) return context.out('No blocks yet. Save one with: ziggy blocks save NAME --file block.js\n');
      context.out(renderBlockTable(list));
    });

  blocks
    .command('show')
    .description('show a saved block and its code')
    .argument('<name>')
    .action(async (name: string) => {
      const block = await (await context.services()).blocks.get(name);
      if (context.json) return context.printJson(block);
      context.out(renderBlock(block));
    });

  blocks
    .command('save')
    .description('create or replace a block; the code must parse')
    .argument('<name>')
    .requiredOption('--file <file>', 'the block\'s code ("-" reads stdin)')
    .option('--description <text>', 'what the block does')
    .option('--retry-safe', 'declare that running it twice does no harm: a run whose worker stopped is run again')
    .option('--no-retry-safe', 'withdraw that declaration (left out, a saved block keeps its own)')
    .option('--version <n>', 'refuse to replace the block if its version is no longer this one')
    .action(async (name: string, options: SaveOptions) => {
      const version = options.version === undefined ? {} : { version: parsePositiveInteger(options.version, '--version') };
      const code = await readTextFile(context, options.file, 'block file', '--file');
      const input = {
        name,
        code,
        ...(options.description === undefined ? {} : { description: options.description }),
        ...(options.retrySafe === undefined ? {} : { retrySafe: options.retrySafe }),
        ...version,
      };
      const block = await (await context.services()).blocks.save(input, context.actor);
      if (context.json) return context.printJson(block);
      context.out(`Block ${block.name} saved (version ${block.version})\n`);
    });

  blocks
    .command('delete')
    .description('delete a saved block (its runs stay)')
    .argument('<name>')
    .action(async (name: string) => {
      await (await context.services()).blocks.delete(name, context.actor);
      if (context.json) return context.printJson({ deleted: name });
      context.out(`Block ${name} deleted\n`);
    });

  withBlockRunOptions(blocks.command('run').description('run a saved block').argument('<name>')).action(
    async (name: string, options: BlockRunOptions) => {
      const run = await readBlockRun(context, options, false);
      reportRun(context, await (await context.services()).runs.runBlock(name, run, context.actor), run.wait !== false);
    },
  );
}
