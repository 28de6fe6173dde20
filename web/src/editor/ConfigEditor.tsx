import type { EditorView } from '@codemirror/view';
import { Text } from '@mantine/core';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { CodeEditor } from './CodeEditor.tsx';
import { configExtensions, type ConfigEditorContext } from './config-extensions.ts';
import { highlightSpec, type FieldLocation } from './highlight-field.ts';
import { refreshLint } from './lint-refresh.ts';

export interface ConfigEditorProps {
  value: string;
  onChange(value: string): void;
  /** Which mode's config this is; the editor's edge is coloured by it. */
  mode: 'dev' | 'prod';
  /** The connection type; a change of type re-checks the text. */
  typeId: string;
  /** The type's JSON Schema (GET /api/types): fields to complete and keys to check; undefined before a type is chosen. */
  jsonSchema: object | undefined;
  /** Dotted paths the type marks as secret: a literal there is warned about. */
  secretFields: readonly string[];
  /** Existing secret names (GET /api/secrets), completed after `secrets.`. */
  secretNames: string[];
  /** The field a test says is likely wrong, marked and scrolled into view; null clears it. */
  highlight?: FieldLocation | null;
  ariaLabel: string;
  readOnly?: boolean;
}

/**
 * The connection config editor: JavaScript highlighting, the server's own parser as you type
 * (errors at the exact line and column, with the hint), completion of the type's fields and of
 * secret names, a warning on a secret field written as text, and the test's field marked.
 */
export function ConfigEditor({ value, onChange, mode, typeId, jsonSchema, secretFields, secretNames, highlight = null, ariaLabel, readOnly }: ConfigEditorProps) {
  const hintId = useId();
  const [view, setView] = useState<EditorView | null>(null);
  const context = useRef<ConfigEditorContext>({ jsonSchema, secretFields, secretNames });

  useLayoutEffect(() => {
    context.current = { jsonSchema, secretFields, secretNames };
  });

  const extensions = useMemo(() => configExtensions(() => context.current), []);

  // New type information or a new list of secrets changes the findings on the same text.
  const secretsKey = secretNames.join('\n');
  const secretFieldsKey = secretFields.join('\n');
  useEffect(() => {
    view?.dispatch({ effects: refreshLint.of(null) });
  }, [view, typeId, jsonSchema, secretFieldsKey, secretsKey]);

  useEffect(() => {
    if (view) view.dispatch(highlightSpec(view.state, highlight));
  }, [view, highlight?.line, highlight?.column]);

  const onView = useCallback((created: EditorView | null) => setView(created), []);

  return (
    <div>
      <CodeEditor
        value={value}
        onChange={onChange}
        extensions={extensions}
        ariaLabel={ariaLabel}
        describedBy={hintId}
        readOnly={readOnly}
        onView={onView}
        mode={mode}
      />
      <Text id={hintId} size="xs" c="dimmed" mt={4}>
        Ctrl-Space suggests fields; type secrets. for secret names. Tab indents; press Esc, then Tab, to move on.
      </Text>
    </div>
  );
}
