import { StateEffect } from '@codemirror/state';
import type { ViewUpdate } from '@codemirror/view';

/**
 * Asks the linter to check the same text again, because what it checks against changed (the
 * list of secrets, the type). CodeMirror's forceLinting only hurries a check already pending.
 */
export const refreshLint = StateEffect.define<null>();

export function needsLintRefresh(update: ViewUpdate): boolean {
  return update.transactions.some((transaction) => transaction.effects.some((effect) => effect.is(refreshLint)));
}
