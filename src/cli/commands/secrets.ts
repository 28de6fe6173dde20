import type { Command } from 'commander';
import { ZiggyError } from '../../core/index.ts';
import type { SecretView } from '../../service/types.ts';
import type { CliContext } from '../context.ts';
import { parseTags } from '../input.ts';
import { readAll, readHiddenLine, stripOneNewline } from '../io.ts';
import { listOrDash, renderFields, renderTable, shortTime } from '../output/table.ts';

export function registerSecretCommands(program: Command, context: CliContext): void {
  const secrets = program
    .command('secrets')
    .description('manage secrets (values are encrypted at rest and never shown)');

  secrets
    .command('set')
    .description('set a secret\'s value, read from stdin (or typed, hidden, on a terminal)')
    .argument('<name>', 'secret name, used in configs as secrets.NAME')
    .option('--prod', 'set the production value (prod uses the dev value until set)')
    .option('--description <text>', 'what the secret is for')
    .option('--tags <list>', 'comma-separated tags', parseTags)
    .allowExcessArguments(true)
    .action(async (name: string, options: { prod?: boolean; description?: string; tags?: string[] }, command: Command) => {
      if (command.args.length > 1) {
        throw new ZiggyError(
          'bad_input',
          `Do not pass the value of ${name} as an argument: values are read from stdin so they never land in shell history. ` +
            `Example: printf '%s' "$VALUE" | ziggy secrets set ${name}`,
        );
      }
      const mode = options.prod === true ? 'prod' : 'dev';
      const value = await readSecretValue(context, name, mode);
      const services = await context.services();
      const view = await services.secrets.set(
        { name, value, mode, description: options.description, tags: options.tags },
        context.actor,
      );
      if (context.json) return context.printJson(view);
      context.out(`Secret ${view.name} saved (${modesSet(view)})\n`);
    });

  secrets
    .command('update')
    .description('change a secret\'s description or tags; its values stay as they are')
    .argument('<name>')
    .option('--description <text>', 'new description')
    .option('--tags <list>', 'comma-separated tags, replacing the current ones ("" clears them)', parseTags)
    .action(async (name: string, options: { description?: string; tags?: string[] }) => {
      if (options.description === undefined && options.tags === undefined) {
        throw new ZiggyError(
          'bad_input',
          `Nothing to change: give --description, --tags or both. To replace a value use: ziggy secrets set ${name}`,
        );
      }
      const view = await (await context.services()).secrets.update(
        name,
        { description: options.description, tags: options.tags },
        context.actor,
      );
      if (context.json) return context.printJson(view);
      context.out(`Secret ${view.name} updated\n`);
    });

  secrets
    .command('list')
    .description('list secrets: which modes are set and which connections use them')
    .action(async () => {
      const list = await (await context.services()).secrets.list();
      if (context.json) return context.printJson(list);
      if (list.length === 0) return context.out('No secrets yet. Add one with: ziggy secrets set NAME\n');
      context.out(
        renderTable(
          ['NAME', 'MODES', 'USED BY', 'TAGS', 'UPDATED'],
          list.map((secret) => [secret.name, modesText(secret), listOrDash(secret.usedBy), listOrDash(secret.tags), shortTime(secret.updatedAt)]),
        ),
      );
    });

  secrets
    .command('show')
    .description('show a secret\'s metadata (never its value)')
    .argument('<name>')
    .action(async (name: string) => {
      const secret = await (await context.services()).secrets.get(name);
      if (context.json) return context.printJson(secret);
      context.out(
        renderFields([
          ['name', secret.name],
          ['description', secret.description || '-'],
          ['tags', listOrDash(secret.tags)],
          ['modes', modesText(secret)],
          ['used by', listOrDash(secret.usedBy)],
          ['created', shortTime(secret.createdAt)],
          ['updated', `${shortTime(secret.updatedAt)} by ${secret.updatedBy}`],
          ['value', '(hidden — values are never shown)'],
        ]),
      );
    });

  secrets
    .command('delete')
    .description('delete a secret (refused while a connection uses it, unless --force)')
    .argument('<name>')
    .option('--force', 'delete even when connections reference it')
    .action(async (name: string, options: { force?: boolean }) => {
      await (await context.services()).secrets.delete(name, { force: options.force === true }, context.actor);
      if (context.json) return context.printJson({ deleted: name });
      context.out(`Secret ${name} deleted\n`);
    });
}

/** The value comes from stdin only: typed with echo off on a terminal, else piped in. */
async function readSecretValue(context: CliContext, name: string, mode: 'dev' | 'prod'): Promise<string> {
  const { stdin } = context.io;
  const value = stdin.isTTY === true
    ? await readHiddenLine(context.io, `Value for ${name} (${mode}): `)
    : stripOneNewline(await readAll(stdin));
  if (value === '') {
    // Usually nothing was piped in; the service refuses empty values too, but cannot say how to pipe one.
    throw new ZiggyError(
      'bad_input',
      `No value for ${name} arrived on stdin: pipe it in, e.g. printf '%s' "$VALUE" | ziggy secrets set ${name}`,
      { field: 'value' },
    );
  }
  return value;
}

function modesText(secret: SecretView): string {
  return secret.prodUsesDev ? 'dev (prod uses dev)' : 'dev, prod';
}

function modesSet(secret: SecretView): string {
  return secret.prodUsesDev ? 'dev set, prod uses dev' : 'dev set, prod set';
}
