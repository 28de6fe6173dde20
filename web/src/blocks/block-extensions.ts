import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { linter, lintGutter } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { needsLintRefresh } from '../editor/lint-refresh.ts';
import { inTextOrComment } from '../editor/syntax-context.ts';
import { blockCompletions, type BlockConnection } from './block-completions.ts';
import { parseInputs } from './block-inputs.ts';
import { lintBlock } from './block-lint.ts';

/** What the block editor completes and checks against; undefined lists are still loading and are not checked. */
export interface BlockEditorContext {
  connections: readonly BlockConnection[] | undefined;
  secretNames: readonly string[] | undefined;
}

const namePattern = /^[\w$-]*$/;
// Inside a string only a name being written in quotes is completed: connections.get('…'), secrets['…'].
const quotedNameBefore = /(?:\[|\(|\.)\s*['"][\w$-]*$/;

function completeBlock(context: () => BlockEditorContext) {
  return (completion: CompletionContext): CompletionResult | null => {
    const { state, pos, explicit } = completion;
    const before = state.sliceDoc(Math.max(0, pos - 200), pos);
    if (inTextOrComment(state, pos) && !quotedNameBefore.test(before)) return null;
    const { connections, secretNames } = context();
    const result = blockCompletions(state.doc.toString(), pos, { connections: connections ?? [], secretNames: secretNames ?? [] });
    if (!result) return null;
    // The globals pop up once a name is being typed (or on Ctrl-Space); members right after the dot.
    const afterDot = /\.\s*$|['"]$/.test(before.slice(0, before.length - (pos - result.from)));
    if (!explicit && !afterDot && result.from === pos) return null;
    return { ...result, validFor: namePattern };
  };
}

/** JavaScript with the block's globals, connection and secret names completed, and the server's check as you type. */
export function blockExtensions(context: () => BlockEditorContext): Extension {
  return [
    javascript(),
    javascriptLanguage.data.of({ autocomplete: completeBlock(context) }),
    linter(
      (view) => {
        const { connections, secretNames } = context();
        return lintBlock(view.state.doc.toString(), {
          ...(connections ? { connections } : {}),
          ...(secretNames ? { secretNames } : {}),
        });
      },
      { delay: 400, needsRefresh: needsLintRefresh },
    ),
    lintGutter(),
  ];
}

/** The inputs editor: a JSON array, checked as you type. */
export const inputsExtensions: Extension = [
  javascript(),
  linter((view) => {
    const result = parseInputs(view.state.doc.toString());
    return result.ok ? [] : [{ from: result.from, to: result.to, severity: 'error', message: result.message }];
  }),
];
