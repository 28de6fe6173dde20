import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert.tsx';

export interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  /** What will happen, in words: what is deleted, what stops working. */
  children: ReactNode;
  confirmLabel: string;
  /** Destructive actions get a red button. */
  danger?: boolean;
  busy?: boolean;
  /** E.g. until a needed checkbox is ticked. */
  confirmDisabled?: boolean;
  /** Shown in the dialog when the action failed. */
  error?: unknown;
  onConfirm(): void;
  onClose(): void;
}

/** Every destructive action goes through this: the action is named on the button, Escape or Cancel backs out. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { opened, title, children, confirmLabel, danger = true, busy = false, confirmDisabled = false, error, onConfirm, onClose } = props;
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        {children}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color={danger ? 'red.9' : undefined} onClick={onConfirm} loading={busy} disabled={confirmDisabled}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
