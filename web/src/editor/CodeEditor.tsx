import { indentWithTab, temporarilySetTabFocusMode } from '@codemirror/commands';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { editorTheme } from './editor-theme.ts';

export interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  /** Language, lint and completion for this editor; keep it memoized, a new array reconfigures the editor. */
  extensions: Extension;
  ariaLabel: string;
  /** The id of text that explains the editor (e.g. its keyboard hint), for screen readers. */
  describedBy?: string;
  readOnly?: boolean;
  /** Called with the view once it exists, and with null when it is gone. */
  onView?(view: EditorView | null): void;
  /** Minimum height of the editing area, in CSS units. */
  minHeight?: string;
  /** The mode whose text this is; it colours the editor's edge so dev and prod are not mixed up. */
  mode?: 'dev' | 'prod';
}

// Tab indents, as in any code editor; Escape then Tab leaves the editor, so the keyboard is never trapped.
const tabKeys = keymap.of([
  indentWithTab,
  {
    key: 'Escape',
    run: (view) => {
      temporarilySetTabFocusMode(view);
      return false;
    },
  },
]);

// Read-only text stays focusable and selectable, so it can still be read with a screen reader.
function access(label: string, described: string | undefined, locked: boolean): Extension {
  return [
    EditorView.contentAttributes.of({ 'aria-label': label, ...(described ? { 'aria-describedby': described } : {}) }),
    EditorState.readOnly.of(locked),
  ];
}

/** A thin React wrapper around one CodeMirror 6 view: the text is controlled by `value`. */
export function CodeEditor({ value, onChange, extensions, ariaLabel, describedBy, readOnly = false, onView, minHeight = '12rem', mode }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, onView });
  const compartments = useRef({ custom: new Compartment(), access: new Compartment() });

  useLayoutEffect(() => {
    latest.current = { onChange, onView };
  });

  useEffect(() => {
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          tabKeys,
          editorTheme(minHeight),
          compartments.current.custom.of(extensions),
          compartments.current.access.of(access(ariaLabel, describedBy, readOnly)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    latest.current.onView?.(created);
    return () => {
      latest.current.onView?.(null);
      created.destroy();
      view.current = null;
    };
    // The view is made once; later prop changes reach it through the effects below.
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.custom.reconfigure(extensions) });
  }, [extensions]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.access.reconfigure(access(ariaLabel, describedBy, readOnly)) });
  }, [ariaLabel, describedBy, readOnly]);

  useEffect(() => {
    const current = view.current;
    // CodeMirror keeps line ends as \n; compare that way so a \r\n text does not reset the editor on every render.
    if (!current || value.replace(/\r\n?/g, '\n') === current.state.doc.toString()) return;
    current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
  }, [value]);

  return <div ref={host} className="ziggy-code-editor" data-mode={mode} />;
}
