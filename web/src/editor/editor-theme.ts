import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import './editor.css';

// Colours come from CSS variables (editor.css) so light and dark colour schemes both read well.
const highlightStyle = HighlightStyle.define([
  { tag: [tags.keyword, tags.modifier, tags.operatorKeyword], color: 'var(--ziggy-code-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--ziggy-code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--ziggy-code-number)' },
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--ziggy-code-property)' },
  { tag: [tags.variableName, tags.definition(tags.variableName)], color: 'var(--ziggy-code-variable)' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--ziggy-code-function)' },
  { tag: tags.comment, color: 'var(--ziggy-code-comment)', fontStyle: 'italic' },
  { tag: tags.invalid, color: 'var(--ziggy-code-invalid)' },
]);

export function editorTheme(minHeight: string): Extension {
  return [
    syntaxHighlighting(highlightStyle),
    EditorView.theme({
      '&': {
        backgroundColor: 'var(--mantine-color-body)',
        color: 'var(--mantine-color-text)',
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
        fontSize: 'var(--mantine-font-size-sm)',
      },
      '&.cm-focused': { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: '1px' },
      '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)', minHeight, maxHeight: '32rem' },
      '.cm-content': { caretColor: 'var(--mantine-color-text)' },
      '.cm-gutters': {
        backgroundColor: 'var(--mantine-color-default)',
        color: 'var(--mantine-color-dimmed)',
        borderRight: '1px solid var(--mantine-color-default-border)',
      },
      '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--ziggy-code-active-line)' },
      '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--ziggy-code-selection)' },
      '.cm-tooltip': {
        backgroundColor: 'var(--mantine-color-body)',
        color: 'var(--mantine-color-text)',
        border: '1px solid var(--mantine-color-default-border)',
      },
      '.cm-tooltip-autocomplete ul li[aria-selected]': {
        backgroundColor: 'var(--mantine-primary-color-filled)',
        color: 'var(--mantine-primary-color-contrast)',
      },
      '.cm-completionDetail': { fontStyle: 'normal', opacity: 0.8, marginLeft: '1em' },
      '.cm-completionInfo': { maxWidth: '24rem', padding: '4px 8px' },
      '.cm-diagnostic': { whiteSpace: 'pre-wrap', maxWidth: '40rem' },
    }),
  ];
}
