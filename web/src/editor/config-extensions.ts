import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { autocompletion } from '@codemirror/autocomplete';
import { javascriptLanguage } from '@codemirror/lang-javascript';
import { LanguageSupport } from '@codemirror/language';
import { linter, lintGutter } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { fieldCompletions } from './field-completions.ts';
import { fieldHighlight } from './highlight-field.ts';
import { needsLintRefresh } from './lint-refresh.ts';
import { lintConfig } from './lint.ts';
import { secretCompletions } from './secret-completions.ts';
import { inTextOrComment } from './syntax-context.ts';

/** What the config editor's lint and completion read; a getter, so new props apply without rebuilding the editor. */
export interface ConfigEditorContext {
  jsonSchema: object | undefined;
  secretFields: readonly string[];
  secretNames: readonly string[] | undefined;
}

// A config is one object literal: parsed as a JavaScript expression, not as a block of statements with labels.
const configLanguage = new LanguageSupport(javascriptLanguage.configure({ top: 'SingleExpression' }));

const namePattern = /^[\w$]*$/;

function completeConfig(context: () => ConfigEditorContext) {
  return (completion: CompletionContext): CompletionResult | null => {
    const { state, pos, explicit } = completion;
    if (inTextOrComment(state, pos)) return null;
    const source = state.doc.toString();
    const { jsonSchema, secretNames } = context();
    const secrets = secretCompletions(source, pos, secretNames ?? []);
    if (secrets) return { ...secrets, validFor: namePattern };
    const fields = jsonSchema ? fieldCompletions(source, pos, jsonSchema) : null;
    // Fields pop up once a key is being typed (or on Ctrl-Space), not on every space at a key position.
    if (!fields || (!explicit && fields.from === pos)) return null;
    return { ...fields, validFor: namePattern };
  };
}

export function configExtensions(context: () => ConfigEditorContext): Extension {
  return [
    configLanguage,
    linter(
      (view) => {
        const { jsonSchema, secretFields, secretNames } = context();
        return lintConfig(view.state.doc.toString(), {
          secretFields,
          ...(jsonSchema ? { jsonSchema } : {}),
          ...(secretNames ? { existingSecrets: secretNames } : {}),
        });
      },
      { delay: 250, needsRefresh: needsLintRefresh },
    ),
    lintGutter(),
    autocompletion({ override: [completeConfig(context)], icons: true }),
    fieldHighlight,
  ];
}
