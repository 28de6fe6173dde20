export { HistoryPanel, type HistoryPanelProps } from './HistoryPanel.tsx';
export { DiffView } from './DiffView.tsx';
export { lineDiff, collapseUnchanged, type DiffLine, type SkippedLines } from './line-diff.ts';
