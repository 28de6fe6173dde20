import { ConfigSyntaxError, parseConfig, secretReferences } from '../../../src/core/config/index.ts';
import type { FieldLocation } from './highlight-field.ts';

interface OutcomeLike {
  code: string;
  message: string;
  fieldLocation?: FieldLocation | undefined;
}

/**
 * Where the editor should point for a test result: the field the test names; for a config that
 * does not parse or names a missing secret (the test reports no position for those), the parser's
 * line and column, or the reference to the missing secret.
 */
export function outcomeLocation(outcome: OutcomeLike, testedSource: string): FieldLocation | null {
  if (outcome.fieldLocation) return outcome.fieldLocation;
  if (outcome.code !== 'config_syntax' && outcome.code !== 'secret_missing') return null;
  try {
    const tree = parseConfig(testedSource);
    // The message names the missing secret as documented: Secret "NAME" referenced by connection …
    const missing = /^Secret "([^"]+)"/.exec(outcome.message)?.[1];
    const reference = secretReferences(tree).find((candidate) => candidate.name === missing);
    return reference ? { line: reference.loc.line, column: reference.loc.column } : null;
  } catch (error) {
    if (error instanceof ConfigSyntaxError) return { line: error.details.line, column: error.details.column };
    throw error;
  }
}

/** `serverVersion` → `Server version`, for a test's details. */
export function detailLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "830 ms", "2.4 s", "1 min 5 s". */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
