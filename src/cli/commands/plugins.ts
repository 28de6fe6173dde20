import type { Command } from 'commander';
import type { PluginService, PluginView } from '../../service/plugins/index.ts';
import type { CliContext } from '../context.ts';
import { renderTable, shortTime } from '../output/table.ts';

async function pluginsOf(context: CliContext): Promise<PluginService> {
  return (await context.target()).services.plugins;
}

function added(context: CliContext, view: PluginView, what: string): void {
  if (context.json) return context.printJson(view);
  context.out(`${view.name} ${view.version} installed${what}. It loads when the server (re)starts.\n`);
}

export function registerPluginCommands(program: Command, context: CliContext): void {
  const plugins = program
    .command('plugins')
    .description('install connection types from npm packages, and the modules the npm-module type may name (admin)');

  plugins
    .command('ls')
    .alias('list')
    .description('list installed plugins and allowed modules, with how each loaded')
    .action(async () => {
      const list = await (await pluginsOf(context)).list();
      if (context.json) return context.printJson(list);
      if (list.length === 0) return context.out('No plugins yet. Add one with: ziggy plugins add <npm package or ./folder>\n');
      context.out(
        renderTable(
          ['NAME', 'VERSION', 'KIND', 'TYPE', 'STATUS', 'ADDED'],
          list.map((plugin) => [plugin.name, plugin.version, plugin.kind, plugin.type ?? '-', plugin.error === undefined ? plugin.status : `${plugin.status}: ${plugin.error}`, shortTime(plugin.addedAt)]),
        ),
      );
    });

  plugins
    .command('add')
    .description('install a connector package with npm (no install scripts) and record its version and integrity')
    .argument('<spec>', 'an npm package name with an optional version, or a local folder (./examples/connector-twilio)')
    .action(async (spec: string) => {
      const view = await (await pluginsOf(context)).add(spec, context.actor);
      added(context, view, ` as connection type ${view.type ?? ''}`);
    });

  plugins
    .command('allow')
    .description('install a module that connections of type npm-module may then name (the allowlist)')
    .argument('<spec>', 'an npm package name with an optional version, or a local folder')
    .action(async (spec: string) => {
      const view = await (await pluginsOf(context)).allow(spec, context.actor);
      added(context, view, ' as an allowed module for the npm-module type');
    });

  plugins
    .command('remove')
    .alias('rm')
    .description('uninstall a plugin or allowed module that no connection uses')
    .argument('<name>', 'the package name')
    .action(async (name: string) => {
      await (await pluginsOf(context)).remove(name, context.actor);
      if (context.json) return context.printJson({ removed: name });
      context.out(`${name} removed. The server drops it at its next start.\n`);
    });
}
