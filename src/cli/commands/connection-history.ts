import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { parsePositiveInteger } from '../input.ts';
import { renderHistory } from '../output/connection.ts';
import { reportSave } from './report-save.ts';

export function registerConnectionHistoryCommands(connections: Command, context: CliContext): void {
  connections
    .command('history')
    .description('list a connection\'s revisions')
    .argument('<name>')
    .action(async (name: string) => {
      const revisions = await (await context.services()).connections.history(name);
      if (context.json) return context.printJson(revisions);
      context.out(renderHistory(revisions));
    });

  connections
    .command('restore')
    .description('restore a connection as it was at a revision (saved as a new version)')
    .argument('<name>')
    .argument('<revision>', 'revision number, see `ziggy connections history NAME`')
    .option('--version <n>', 'the version you last saw; the restore is refused if someone saved since')
    .action(async (name: string, revision: string, options: { version?: string }) => {
      const version = options.version === undefined ? undefined : parsePositiveInteger(options.version, '--version');
      const result = await (await context.services()).connections.restore(
        name,
        parsePositiveInteger(revision, 'REVISION'),
        context.actor,
        version,
      );
      reportSave(context, result, `restored from revision ${revision}`);
    });
}
