export { ConfigEditor, type ConfigEditorProps } from './ConfigEditor.tsx';
export { CodeEditor, type CodeEditorProps } from './CodeEditor.tsx';
export { TestPanel, type TestPanelProps } from './TestPanel.tsx';
export type { FieldLocation } from './highlight-field.ts';
export { lintConfig, type ConfigDiagnostic, type LintOptions } from './lint.ts';
export { fieldCompletions, type CompletionList, type CompletionOption } from './field-completions.ts';
export { secretCompletions } from './secret-completions.ts';
