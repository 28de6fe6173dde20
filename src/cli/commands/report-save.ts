import type { SaveResult } from '../../service/types.ts';
import type { CliContext } from '../context.ts';
import { renderSaved, renderWarnings } from '../output/connection.ts';

/** A save's outcome on stdout; its warnings on stderr, where they do not mix into piped output. */
export function reportSave(context: CliContext, result: SaveResult, what: string): void {
  if (context.json) context.printJson(result);
  else context.out(renderSaved(result, what));
  context.warn(renderWarnings(result.warnings));
}
