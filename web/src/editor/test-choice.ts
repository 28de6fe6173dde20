/** Which test the Test button runs, from the user's rights and whether the editor holds the saved text. */
export type TestChoice =
  | { kind: 'draft' }
  | { kind: 'saved'; connectionName: string }
  | { kind: 'blocked'; reason: string };

export interface TestChoiceInput {
  /** Editors and admins: may test a draft. */
  canWrite: boolean;
  /** Operators and up: may test a saved connection. */
  canRun: boolean;
  /** Set when the editor shows a saved connection. */
  connectionName?: string | undefined;
  /** True when the editor text equals the saved text of this mode. */
  unchanged: boolean;
}

/**
 * A saved, unchanged connection is tested as saved, so its last test status is recorded; anything
 * else is a draft test, which only editors may run, because a draft can point a secret at any host.
 */
export function chooseTest({ canWrite, canRun, connectionName, unchanged }: TestChoiceInput): TestChoice {
  if (!canRun) return { kind: 'blocked', reason: 'Your role can read connections but not test them; an operator, editor or admin can.' };
  if (connectionName !== undefined && unchanged) return { kind: 'saved', connectionName };
  if (canWrite) return { kind: 'draft' };
  return {
    kind: 'blocked',
    reason:
      connectionName === undefined
        ? 'Testing a new, unsaved config needs the editor role: a draft could send a secret to any host.'
        : 'Your role may test the saved config only, and the editor holds unsaved changes: a draft could send a secret to any host. Undo the changes to test the saved config, or ask an editor.',
  };
}

/** Compares texts the way the editor keeps them (\n line ends), so a saved \r\n text counts as unchanged. */
export function sameSource(a: string | null | undefined, b: string | null | undefined): boolean {
  const normal = (text: string | null | undefined) => (text ?? '').replace(/\r\n?/g, '\n');
  return normal(a) === normal(b);
}
