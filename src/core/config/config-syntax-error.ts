import { ZiggyError } from '../errors.ts';
import type { SourceLocation } from './types.ts';

/** Where a config source is wrong and what to do about it; line and column are 1-based. */
export type ConfigSyntaxDetails = {
  line: number;
  column: number;
  /** What was found there, e.g. "function call `foo()`". */
  found: string;
  hint: string;
};

/**
 * A config source that is not the data-only object literal the config language accepts.
 * The message reads `Line 5, column 3: <problem>. Hint: <hint>` so it can be shown as is.
 */
export class ConfigSyntaxError extends ZiggyError {
  declare readonly details: ConfigSyntaxDetails;

  constructor(details: ConfigSyntaxDetails, problem: string = `unexpected ${details.found}`) {
    super('config_syntax', `Line ${details.line}, column ${details.column}: ${problem}. Hint: ${details.hint}`, {
      ...details,
    });
    this.name = 'ConfigSyntaxError';
  }
}

/** A rejection at a parsed node's position. */
export function syntaxErrorAt(
  loc: Pick<SourceLocation, 'line' | 'column'>,
  found: string,
  hint: string,
  problem?: string,
): ConfigSyntaxError {
  return new ConfigSyntaxError({ line: loc.line, column: loc.column, found, hint }, problem);
}
