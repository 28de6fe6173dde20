import { syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';

const textNodes = new Set(['String', 'TemplateString', 'LineComment', 'BlockComment', 'RegExp']);

/** True inside a string, a template's text part or a comment, where no name should be completed. */
export function inTextOrComment(state: EditorState, pos: number): boolean {
  for (let node: ReturnType<typeof syntaxTree>['topNode'] | null = syntaxTree(state).resolveInner(pos, -1); node; node = node.parent) {
    if (node.name === 'Interpolation') return false;
    if (textNodes.has(node.name)) return node.from < pos && (pos < node.to || !closes(state, node.to));
  }
  return false;
}

// A string the user has not closed yet runs to the end of its node, so the cursor there is still inside it.
function closes(state: EditorState, end: number): boolean {
  const last = state.sliceDoc(end - 1, end);
  return last === "'" || last === '"' || last === '`' || last === '/' || last === '\n';
}
