import type { Command } from 'commander';
import { parseMode, ZiggyError } from '../../core/index.ts';
import { runStatuses, type RunFilter, type RunStatus } from '../../service/run-types.ts';
import type { CliContext } from '../context.ts';
import { parsePositiveInteger } from '../input.ts';
import { renderRunDetails, renderRunTable } from '../output/run.ts';

interface ListOptions {
  target?: string;
  status?: string;
  mode?: string;
  startedBy?: string;
  limit?: string;
}

const statuses: readonly RunStatus[] = runStatuses;

export function registerRunsCommands(program: Command, context: CliContext): void {
  const runs = program.command('runs').description('the history of block and operation runs');

  runs
    .command('list')
    .description('runs, newest first')
    .option('--target <target>', 'a saved block\'s name, or an operation as connection/operation')
    .option('--status <status>', statuses.join(', '))
    .option('--mode <mode>', 'dev or prod')
    .option('--started-by <actor>', 'who started them, e.g. user:alice or token:alice/ci')
    .option('--limit <n>', 'at most this many')
    .action(async (options: ListOptions) => {
      const list = await (await context.services()).runs.list(filterOf(options));
      if (context.json) return context.printJson(list);
      if (list.length === 0) return context.out('No runs found.\n');
      context.out(renderRunTable(list));
    });

  runs
    .command('show')
    .description('one run: its console lines, outputs, result and how it ended')
    .argument('<id>')
    .action(async (id: string) => {
      const record = await (await context.services()).runs.get(id);
      if (context.json) return context.printJson(record);
      context.out(renderRunDetails(record, context.style));
    });
}

function filterOf(options: ListOptions): RunFilter {
  const filter: RunFilter = {};
  if (options.target !== undefined) filter.target = options.target;
  if (options.status !== undefined) filter.status = parseStatus(options.status);
  if (options.mode !== undefined) filter.mode = parseMode(options.mode);
  if (options.startedBy !== undefined) filter.startedBy = options.startedBy;
  if (options.limit !== undefined) filter.limit = parsePositiveInteger(options.limit, '--limit');
  return filter;
}

function parseStatus(value: string): RunStatus {
  const status = statuses.find((known) => known === value.trim().toLowerCase());
  if (status === undefined) throw new ZiggyError('bad_input', `Unknown status "${value}": use one of ${statuses.join(', ')}.`, { field: '--status' });
  return status;
}
