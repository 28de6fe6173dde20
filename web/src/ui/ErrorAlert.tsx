import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorText } from '../api/index.ts';

/** An error in words where it happened; renders nothing without an error. */
export function ErrorAlert({ error, title, children }: { error: unknown; title?: string; children?: ReactNode }) {
  if (error === null || error === undefined) return null;
  return (
    <Alert color="red" variant="light" title={title ?? 'That did not work'} icon={<IconAlertTriangle aria-hidden />} role="alert">
      {errorText(error)}
      {children}
    </Alert>
  );
}
