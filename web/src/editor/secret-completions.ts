import type { CompletionList } from './field-completions.ts';

// `secrets.NA` or `secrets['NA` (either quote) right before the cursor; the group is the name typed so far.
const dotted = /(?<![\w$.])secrets\s*\.\s*([\w$]*)$/;
const bracketed = /(?<![\w$.])secrets\s*\[\s*['"]([\w$]*)$/;

/**
 * The names of existing secrets after `secrets.` or `secrets['`, to be matched against what is typed
 * (the editor filters). Null when the cursor is not at a secret name or no secret exists.
 */
export function secretCompletions(source: string, cursorOffset: number, secretNames: readonly string[]): CompletionList | null {
  const before = source.slice(Math.max(0, cursorOffset - 200), cursorOffset);
  const match = dotted.exec(before) ?? bracketed.exec(before);
  if (!match || secretNames.length === 0) return null;
  const typed = match[1] ?? '';
  const after = /^[\w$]*/.exec(source.slice(cursorOffset))?.[0] ?? '';
  return {
    from: cursorOffset - typed.length,
    to: cursorOffset + after.length,
    options: secretNames.map((name) => ({ label: name, type: 'variable', detail: 'secret' })),
  };
}
