import { Option, type Command } from 'commander';
import { ZiggyError } from '../../core/index.ts';
import type { UpdateConnectionInput } from '../../service/types.ts';
import type { CliContext } from '../context.ts';
import { assertOneStdin, parsePositiveInteger, parseTags, readSource } from '../input.ts';
import { renderConnection, renderConnectionTable } from '../output/connection.ts';
import { registerConnectionHistoryCommands } from './connection-history.ts';
import { registerConnectionTestCommand } from './connection-test.ts';
import { reportSave } from './report-save.ts';

interface CreateOptions { type: string; devFile: string; prodFile?: string; description?: string; tags?: string[] }
interface UpdateOptions { devFile?: string; prodFile?: string; clearProd?: boolean; description?: string; tags?: string[]; version?: string }

export function registerConnectionCommands(program: Command, context: CliContext): void {
  const connections = program.command('connections').description('manage connections: named, typed configs per mode');

  connections
    .command('create')
    .description('create a connection from config files (a JavaScript object literal per mode)')
    .argument('<name>', 'connection name: letters, digits, "_" and "-"')
    .requiredOption('--type <type>', 'connection type, see `ziggy types`')
    .requiredOption('--dev-file <file>', 'dev config source ("-" reads stdin)')
    .option('--prod-file <file>', 'prod config source; without it prod uses the dev config')
    .option('--description <text>', 'what the connection is for')
    .option('--tags <list>', 'comma-separated tags', parseTags)
    .action(async (name: string, options: CreateOptions) => {
      assertOneStdin([options.devFile, options.prodFile]);
      const devSource = await readSource(context, options.devFile, 'dev');
      const prodSource = options.prodFile === undefined ? null : await readSource(context, options.prodFile, 'prod');
      const services = await context.services();
      const result = await services.connections.create(
        { name, type: options.type, description: options.description, tags: options.tags, devSource, prodSource },
        context.actor,
      );
      reportSave(context, result, 'created');
    });

  connections
    .command('update')
    .description('change a connection; only the options given change')
    .argument('<name>')
    .option('--dev-file <file>', 'new dev config source ("-" reads stdin)')
    .addOption(new Option('--prod-file <file>', 'new prod config source ("-" reads stdin)').conflicts('clearProd'))
    .option('--clear-prod', 'remove the prod config so prod uses the dev config again')
    .option('--description <text>', 'new description')
    .option('--tags <list>', 'comma-separated tags, replacing the current ones ("" clears them)', parseTags)
    .option('--version <n>', 'the version you last saw; the update is refused if someone saved since')
    .action(async (name: string, options: UpdateOptions) => {
      assertOneStdin([options.devFile, options.prodFile]);
      const input: UpdateConnectionInput = {};
      if (options.devFile !== undefined) input.devSource = await readSource(context, options.devFile, 'dev');
      if (options.prodFile !== undefined) input.prodSource = await readSource(context, options.prodFile, 'prod');
      if (options.clearProd === true) input.prodSource = null;
      if (options.description !== undefined) input.description = options.description;
      if (options.tags !== undefined) input.tags = options.tags;
      if (Object.keys(input).length === 0) {
        throw new ZiggyError(
          'bad_input',
          'Nothing to change: give at least one of --dev-file, --prod-file, --clear-prod, --description, --tags.',
        );
      }
      if (options.version !== undefined) input.version = parsePositiveInteger(options.version, '--version');
      const result = await (await context.services()).connections.update(name, input, context.actor);
      reportSave(context, result, 'updated');
    });

  connections
    .command('list')
    .description('list connections')
    .action(async () => {
      const list = await (await context.services()).connections.list();
      if (context.json) return context.printJson(list);
      if (list.length === 0) {
        return context.out('No connections yet. Create one with: ziggy connections create NAME --type TYPE --dev-file FILE\n');
      }
      context.out(renderConnectionTable(list));
    });

  connections
    .command('show')
    .description('show a connection with its config sources')
    .argument('<name>')
    .action(async (name: string) => {
      const connection = await (await context.services()).connections.get(name);
      if (context.json) return context.printJson(connection);
      context.out(renderConnection(connection));
    });

  connections
    .command('delete')
    .description('delete a connection and its history')
    .argument('<name>')
    .action(async (name: string) => {
      await (await context.services()).connections.delete(name, context.actor);
      if (context.json) return context.printJson({ deleted: name });
      context.out(`Connection ${name} deleted\n`);
    });

  registerConnectionHistoryCommands(connections, context);
  registerConnectionTestCommand(connections, context);
}
