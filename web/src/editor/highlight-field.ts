import { StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { offsetAt, tokenEnd } from './source-position.ts';

/** A 1-based line and column in the editor's text, as a connection test reports `fieldLocation`. */
export interface FieldLocation {
  line: number;
  column: number;
}

export const setFieldHighlight = StateEffect.define<FieldLocation | null>();

const lineMark = Decoration.line({ class: 'cm-ziggy-field-line', attributes: { title: 'The field the test says is likely wrong' } });
const wordMark = Decoration.mark({ class: 'cm-ziggy-field-mark' });

function decorationsFor(state: EditorState, location: FieldLocation | null): DecorationSet {
  if (!location || location.line > state.doc.lines) return Decoration.none;
  const text = state.doc.toString();
  const from = offsetAt(text, location.line, location.column);
  const to = tokenEnd(text, from);
  const line = state.doc.lineAt(from);
  const marks = [lineMark.range(line.from)];
  if (to > from && to <= line.to) marks.push(wordMark.range(from, to));
  return Decoration.set(marks);
}

/** Marks the line (and the key) a connection test points at, until the text changes or the mark is cleared. */
export const fieldHighlight: Extension = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(setFieldHighlight)) return decorationsFor(transaction.state, effect.value);
    }
    return decorations.map(transaction.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The transaction spec that sets (or clears) the highlight and scrolls it into view. */
export function highlightSpec(state: EditorState, location: FieldLocation | null) {
  const effects: StateEffect<unknown>[] = [setFieldHighlight.of(location)];
  if (location && location.line <= state.doc.lines) {
    const pos = offsetAt(state.doc.toString(), location.line, location.column);
    effects.push(EditorView.scrollIntoView(pos, { y: 'center' }));
  }
  return { effects };
}
