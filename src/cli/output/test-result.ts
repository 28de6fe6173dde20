import type { ConnectionTestOutcome } from '../../service/types.ts';
import type { Style } from './style.ts';

/** A connection test as the user reads it: one line per step, then the outcome and what to fix. */
export function renderTestOutcome(outcome: ConnectionTestOutcome, style: Style): string {
  const lines: string[] = [];
  if (outcome.prodUsesDev) lines.push('(prod has no config of its own — tested the dev config)');
  for (const step of outcome.steps) {
    const mark = step.ok ? style.green('✓') : style.red('✗');
    // A failed step's message is usually the outcome's, shown once below.
    const note = step.message === undefined || step.message === outcome.message ? '' : `  ${step.message}`;
    lines.push(`${mark} ${step.name}  ${style.dim(`${step.durationMs} ms`)}${note}`);
  }
  if (outcome.ok) {
    lines.push(`${style.green('ok')}: ${outcome.message}  ${style.dim(`(${outcome.mode}, ${outcome.durationMs} ms)`)}`);
    for (const [key, value] of Object.entries(outcome.details ?? {})) lines.push(`  ${key}: ${String(value)}`);
  } else {
    lines.push(`${style.red('failed')} [${outcome.code}]: ${outcome.message}  ${style.dim(`(${outcome.mode}, ${outcome.durationMs} ms)`)}`);
    if (outcome.field !== undefined) {
      const at = outcome.fieldLocation === undefined ? '' : ` (line ${outcome.fieldLocation.line}, column ${outcome.fieldLocation.column})`;
      lines.push(`field: ${outcome.field}${at}`);
    }
    if (outcome.hint !== undefined) lines.push(`hint: ${outcome.hint}`);
  }
  return lines.join('\n') + '\n';
}
