import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEventHandler, ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert.tsx';

export interface FormDialogProps {
  opened: boolean;
  title: string;
  /** The form's fields. */
  children: ReactNode;
  /** Names the action, e.g. "Add user". */
  submitLabel: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  busy: boolean;
  /** Shown above the buttons when saving failed. */
  error: unknown;
  errorTitle?: string;
  /** Cancel, Escape and the close button all call this; it should reset the form and the error. */
  onClose(): void;
}

/** The close of a form dialog: clears the form's values and the last error, so it opens fresh next time. */
export function resetAndClose(form: { reset(): void }, mutation: { reset(): void }, onClose: () => void): () => void {
  return () => {
    form.reset();
    mutation.reset();
    onClose();
  };
}

/** A small form in a modal: its fields, the error of the last try, then Cancel and the named submit button. */
export function FormDialog(props: FormDialogProps) {
  const { opened, title, children, submitLabel, onSubmit, busy, error, errorTitle, onClose } = props;
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form onSubmit={onSubmit}>
        <Stack>
          {children}
          <ErrorAlert error={error} title={errorTitle} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
