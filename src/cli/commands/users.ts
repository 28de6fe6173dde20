import { Option, type Command } from 'commander';
import { roles, ZiggyError, type ModeRoles, type Role } from '../../core/index.ts';
import type { UpdateUserInput, UserAdminService, UserView } from '../../service/auth-types.ts';
import { assertUsername } from '../../service/users.ts';
import type { CliContext } from '../context.ts';
import { readAll, readHiddenLine, stripOneNewline } from '../io.ts';
import { renderTable, shortTime } from '../output/table.ts';

interface RoleOptions {
  role?: Role;
  devRole?: Role;
  prodRole?: Role;
}

const roleList = roles.join(', ');

/** `--role` for both modes, or `--dev-role` and `--prod-role`; commander refuses an unknown role naming the option. */
function addRoleOptions(command: Command, notes: { dev: string; prod: string }): Command {
  return command
    .addOption(new Option('--role <role>', 'the same role in dev and prod').choices(roles).conflicts(['devRole', 'prodRole']))
    .addOption(new Option('--dev-role <role>', `the role in dev ${notes.dev}`).choices(roles))
    .addOption(new Option('--prod-role <role>', `the role in prod ${notes.prod}`).choices(roles));
}

async function usersOf(context: CliContext): Promise<UserAdminService> {
  return (await context.target()).services.users;
}

export function registerUserCommands(program: Command, context: CliContext): void {
  const users = program
    .command('users')
    .description('manage who may sign in to the server, with a role in each mode (passwords are read hidden and never shown)');

  users
    .command('ls')
    .alias('list')
    .description('list users with their role in each mode')
    .action(async () => {
      const list = await (await usersOf(context)).list();
      if (context.json) return context.printJson(list);
      if (list.length === 0) return context.out('No users yet. Add one with: ziggy users add USERNAME --role ROLE\n');
      context.out(
        renderTable(
          ['USERNAME', 'DEV', 'PROD', 'STATUS', 'LAST LOGIN'],
          list.map((user) => [user.username, user.roles.dev, user.roles.prod, user.disabled ? 'disabled' : 'active', user.lastLoginAt === null ? 'never' : shortTime(user.lastLoginAt)]),
        ),
      );
    });

  addRoleOptions(users.command('add'), { dev: '(with --prod-role)', prod: '(with --dev-role)' })
    .description("add a user; the password is read from stdin (or typed, hidden, on a terminal)")
    .argument('<username>', 'lower-case letters, digits, ".", "_" and "-", starting with a letter')
    .allowExcessArguments(true)
    .action(async (username: string, options: RoleOptions, command: Command) => {
      if (command.args.length > 1) {
        throw new ZiggyError(
          'bad_input',
          `Do not pass the password of ${username} as an argument: it is read from stdin so it never lands in shell history. ` +
            `Example: printf '%s' "$PASSWORD" | ziggy users add ${username} --role editor`,
        );
      }
      const modeRoles = newUserRoles(options);
      // Checked before the prompt, so nobody types a password for a name that is refused.
      assertUsername(username);
      const password = await readPassword(context, username);
      const view = await (await usersOf(context)).create({ username, password, roles: modeRoles }, context.actor);
      if (context.json) return context.printJson(view);
      context.out(`User ${view.username} added: ${rolesText(view)}\n`);
    });

  addRoleOptions(users.command('set-role'), { dev: '(prod keeps its role)', prod: '(dev keeps its role)' })
    .description("change a user's role in both modes or in one")
    .argument('<username>')
    .action(async (username: string, options: RoleOptions) => {
      const view = await (await usersOf(context)).update(username, changedRoles(options), context.actor);
      if (context.json) return context.printJson(view);
      context.out(`User ${view.username}: ${rolesText(view)}\n`);
    });

  users
    .command('rm')
    .alias('delete')
    .description("delete a user, revoking their tokens and ending their sessions (refused for the last enabled admin)")
    .argument('<username>')
    .action(async (username: string) => {
      await (await usersOf(context)).delete(username, context.actor);
      if (context.json) return context.printJson({ deleted: username });
      context.out(`User ${username} deleted\n`);
    });
}

function newUserRoles(options: RoleOptions): ModeRoles {
  if (options.role !== undefined) return { dev: options.role, prod: options.role };
  if (options.devRole === undefined && options.prodRole === undefined) {
    throw new ZiggyError('bad_input', `A new user needs a role: give --role ROLE for both modes, or --dev-role and --prod-role (${roleList}).`, {
      field: '--role',
    });
  }
  if (options.devRole === undefined || options.prodRole === undefined) {
    const [given, missing] = options.devRole === undefined ? ['--prod-role', '--dev-role'] : ['--dev-role', '--prod-role'];
    throw new ZiggyError('bad_input', `${missing} is missing: a new user needs a role in both modes, so give it with ${given}, or --role for the same in both.`, {
      field: missing,
    });
  }
  return { dev: options.devRole, prod: options.prodRole };
}

function changedRoles(options: RoleOptions): UpdateUserInput {
  if (options.role !== undefined) return { role: options.role };
  if (options.devRole === undefined && options.prodRole === undefined) {
    throw new ZiggyError('bad_input', `Nothing to change: give --role ROLE for both modes, --dev-role, --prod-role or both (${roleList}).`, {
      field: '--role',
    });
  }
  return {
    roles: {
      ...(options.devRole === undefined ? {} : { dev: options.devRole }),
      ...(options.prodRole === undefined ? {} : { prod: options.prodRole }),
    },
  };
}

/** The password comes from stdin only: typed with echo off on a terminal, else piped in. */
async function readPassword(context: CliContext, username: string): Promise<string> {
  const { stdin } = context.io;
  const password = stdin.isTTY === true ? await readHiddenLine(context.io, `Password for ${username}: `) : stripOneNewline(await readAll(stdin));
  if (password === '') {
    throw new ZiggyError(
      'bad_input',
      `No password for ${username} arrived on stdin: pipe it in, e.g. printf '%s' "$PASSWORD" | ziggy users add ${username} --role editor, or run the command on a terminal to type it.`,
      { field: 'password' },
    );
  }
  return password;
}

function rolesText(user: UserView): string {
  return user.roles.dev === user.roles.prod ? `${user.roles.dev} in dev and prod` : `${user.roles.dev} in dev, ${user.roles.prod} in prod`;
}
