import type { Command } from 'commander';
import { parseMode, ZiggyError, type Mode } from '../core/index.ts';
import { isPendingRun, type RunRecord } from '../service/run-types.ts';
import type { CliContext } from './context.ts';
import { parsePositiveInteger, readTextFile } from './input.ts';
import { renderRun } from './output/run.ts';

/** The options every command that starts a block shares. */
export interface BlockRunOptions {
  mode?: string;
  input?: string;
  inputFile?: string;
  timeoutMs?: string;
  /** false with `--no-wait`. */
  wait?: boolean;
}

const noWaitHelp = 'answer at once with the run id (queued or running), then follow it with `ziggy runs show ID`; needs a server or workers';

/** Adds `--no-wait` to a command that starts a run. */
export function withNoWait(command: Command): Command {
  return command.option('--no-wait', noWaitHelp);
}

/** Adds the options of every command that starts a block: `run FILE` and `blocks run NAME`. */
export function withBlockRunOptions(command: Command): Command {
  return withNoWait(
    command
      .option('--mode <mode>', 'dev or prod (default: the default mode setting for code, dev for a saved block)')
      .option('--input <json>', 'inputs as JSON: an array is the list of inputs, any other value the one input')
      .option('--input-file <file>', 'read the inputs JSON from a file ("-" reads stdin)')
      .option('--timeout-ms <n>', 'stop the block after this many milliseconds (at most the limit, 30000 unless ZIGGY_RUN_TIMEOUT_MS says otherwise)'),
  );
}

/**
 * `{ wait: false }` for `--no-wait`, refused where the run would execute in this very process:
 * the command ends at once, and the run would end with it.
 */
export async function waitingOf(context: CliContext, wait: boolean | undefined): Promise<{ wait?: false }> {
  if (wait !== false) return {};
  const target = await context.target();
  if (target.kind === 'local' && target.services.runOn !== 'workers') {
    throw new ZiggyError(
      'bad_input',
      '--no-wait needs the run to execute elsewhere: on a server (--server or ZIGGY_SERVER) or on workers (ZIGGY_RUN_ON=workers with ' +
        'a PostgreSQL store). Run in this command, it would end when the command does.',
      { field: '--no-wait' },
    );
  }
  return { wait: false };
}

/**
 * The block's inputs from `--input` or `--input-file`: a JSON array is the list of inputs, any
 * other JSON value is the one input. A single input that is an array is written `[[1, 2]]`.
 */
async function readInputs(context: CliContext, options: BlockRunOptions, stdinTaken: boolean): Promise<unknown[] | undefined> {
  if (options.input !== undefined && options.inputFile !== undefined) {
    throw new ZiggyError('bad_input', 'Give either --input or --input-file, not both.');
  }
  if (options.inputFile === '-' && stdinTaken) {
    throw new ZiggyError('bad_input', 'The block code and --input-file cannot both be "-": stdin can be read once.');
  }
  let value: unknown;
  if (options.input !== undefined) value = parseJson(options.input, '--input');
  else if (options.inputFile !== undefined) value = parseJson(await readTextFile(context, options.inputFile, 'input file', '--input-file'), '--input-file');
  else return undefined;
  return Array.isArray(value) ? value : [value];
}

export function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse throws only SyntaxError.
    if (!(error instanceof SyntaxError)) throw error;
    throw new ZiggyError('bad_input', `${option} is not valid JSON: ${error.message}.`, { field: option });
  }
}

/** Mode, inputs and time limit of a block run from the options; `stdinTaken` when the code itself comes from stdin. */
export async function readBlockRun(
  context: CliContext,
  options: BlockRunOptions,
  stdinTaken: boolean,
): Promise<{ mode?: Mode; inputs?: unknown[]; timeoutMs?: number; wait?: false }> {
  const mode = options.mode === undefined ? {} : { mode: parseMode(options.mode) };
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: parsePositiveInteger(options.timeoutMs, '--timeout-ms') };
  const inputs = await readInputs(context, options, stdinTaken);
  return { ...mode, ...timeout, ...(inputs === undefined ? {} : { inputs }), ...(await waitingOf(context, options.wait)) };
}

/**
 * Prints a run (or its record with `--json`); a run that did not end ok exits 1, like a failed
 * connection test, except a run asked for with `--no-wait`, which has not ended yet by design.
 */
export function reportRun(context: CliContext, record: RunRecord, waited = true): void {
  if (record.status !== 'ok' && (waited || !isPendingRun(record))) context.exitCode = 1;
  if (context.json) return context.printJson(record);
  context.out(renderRun(record, context.style));
}
