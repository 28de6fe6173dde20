/** Small shared pieces for every page: errors in words, confirmations, form dialogs, times, tags, type icons, page titles, filtered lists. */
export { ColumnHeads } from './ColumnHeads.tsx';
export { ConfirmDialog, type ConfirmDialogProps } from './ConfirmDialog.tsx';
export { ErrorAlert } from './ErrorAlert.tsx';
export { FormDialog, resetAndClose, type FormDialogProps } from './FormDialog.tsx';
export { ListPanel, UpdatedCell, useListFilter, type ListFilter, type ListPanelProps } from './ListPanel.tsx';
export { PageTitle } from './PageTitle.tsx';
export { RelativeTime } from './RelativeTime.tsx';
export { StatusBadge, type Tone } from './StatusBadge.tsx';
export { TagBadges } from './TagBadges.tsx';
export { absoluteTime, relativeTime } from './time.ts';
export { TypeIcon } from './TypeIcon.tsx';
