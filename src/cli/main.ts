import { CommanderError } from 'commander';
import { createContext } from './context.ts';
import type { CliIO } from './io.ts';
import { renderError } from './output/errors.ts';
import { createProgram, globalOptions, registerCommands } from './program.ts';

export type { CliIO } from './io.ts';

/**
 * Runs one `ziggy` command and returns its exit code. It never exits the process and
 * takes stdio and the environment from `io`, so tests can call it in-process.
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const program = createProgram(io);
  const context = createContext(io, () => globalOptions(program));
  registerCommands(program, context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return usageExitCode(error);
    const rendered = renderError(error, { sources: context.sources, json: context.json, debug: io.env.ZIGGY_DEBUG === '1' });
    io.stderr.write(rendered.text);
    return rendered.exitCode;
  } finally {
    await context.close();
  }
}

/** Commander has already printed its message or the help; only the exit code is left to decide. */
function usageExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
  return 2;
}
