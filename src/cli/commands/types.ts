import type { Command } from 'commander';
import type { ConnectionTypeView } from '../../service/types.ts';
import type { CliContext } from '../context.ts';
import { indent, listOrDash, renderFields } from '../output/table.ts';

export function registerTypesCommand(program: Command, context: CliContext): void {
  program
    .command('types')
    .description('list the connection types with an example config for each')
    .action(async () => {
      const types = await (await context.services()).types.list();
      if (context.json) return context.printJson(types);
      context.out(types.map((type) => renderType(type, context)).join('\n'));
    });
}

function renderType(type: ConnectionTypeView, context: CliContext): string {
  const heading = `${context.style.bold(type.id)} — ${type.label}\n`;
  const fields = renderFields([
    ['module', type.module],
    ['lifecycle', type.lifecycle],
    ['secret fields', listOrDash(type.secretFields)],
    ['operations', listOrDash(type.operations.map((operation) => operation.name))],
  ]);
  const description = type.description === '' ? '' : `${type.description}\n`;
  return `${heading}${indent(description + fields)}  example:\n${indent(type.example, '    ')}`;
}
