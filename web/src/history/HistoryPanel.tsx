import { Alert, Badge, Button, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isApiError, queryKeys, useConnection, useRestoreRevision, useRevisions, type RevisionRecord } from '../api/index.ts';
import { useSession } from '../app/session.tsx';
import { ColumnHeads } from '../ui/ColumnHeads.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { RelativeTime } from '../ui/RelativeTime.tsx';
import { fieldLabel } from './metadata-diff.ts';
import { RevisionDiff } from './RevisionDiff.tsx';

export interface HistoryPanelProps {
  connectionName: string;
  /** After a restore: the page reloads the connection. */
  onRestored(): void;
}

function actionText(revision: RevisionRecord): string {
  if (revision.action === 'restore') return revision.restoredFrom === undefined ? 'restored' : `restored revision ${revision.restoredFrom}`;
  return revision.action === 'create' ? 'created' : 'updated';
}

/** A connection's revisions, newest first: who changed what when, a diff of any two, and restore. */
export function HistoryPanel({ connectionName, onRestored }: HistoryPanelProps) {
  const revisions = useRevisions(connectionName);
  const connection = useConnection(connectionName);
  const session = useSession();
  const [pair, setPair] = useState<{ a: number; b: number } | null>(null);
  // The restore dialog is mounted closed before it is first opened and stays mounted after it
  // closes (showing the last revision chosen): Mantine then notes what had the focus when it
  // opens and gives the focus back to that Restore button when it closes.
  const [restoring, setRestoring] = useState<RevisionRecord | null>(null);
  const [dialogRevision, setDialogRevision] = useState<RevisionRecord | null>(null);
  const openRestore = (revision: RevisionRecord) => {
    setDialogRevision(revision);
    setRestoring(revision);
  };

  if (revisions.isPending) return <Loader size="sm" aria-label="Loading history" />;
  if (revisions.isError) return <ErrorAlert error={revisions.error} title="Cannot load the history" />;
  const list = revisions.data;
  if (list.length === 0) {
    return <Text c="dimmed">No revisions yet: every save of this connection will be listed here, and can be compared and restored.</Text>;
  }

  const latest = list[0]!;
  const chosen = pair ?? { a: list[1]?.revision ?? latest.revision, b: latest.revision };
  const older = list.find((revision) => revision.revision === Math.min(chosen.a, chosen.b));
  const newer = list.find((revision) => revision.revision === Math.max(chosen.a, chosen.b));
  const choices = list.map((revision) => ({ value: String(revision.revision), label: `Revision ${revision.revision} (${actionText(revision)})` }));

  return (
    <Stack gap="lg">
      <Table striped highlightOnHover aria-label={`Revisions of ${connectionName}, newest first`}>
        <ColumnHeads names={['Revision', 'What', 'Who', 'When', 'Changed', 'Actions']} />
        <Table.Tbody>
          {list.map((revision, index) => (
            <Table.Tr key={revision.revision}>
              <Table.Td>
                {revision.revision}
                {index === 0 && (
                  <Badge ml="xs" size="sm" variant="light">
                    current
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{actionText(revision)}</Table.Td>
              <Table.Td>{revision.by}</Table.Td>
              <Table.Td>
                <RelativeTime at={revision.at} />
              </Table.Td>
              <Table.Td>{revision.changed.length === 0 ? '—' : revision.changed.map(fieldLabel).join(', ')}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  {list[index + 1] && (
                    <Button size="compact-sm" variant="default" onClick={() => setPair({ a: list[index + 1]!.revision, b: revision.revision })}>
                      Diff with {list[index + 1]!.revision}
                    </Button>
                  )}
                  {index > 0 && session.can('write') && (
                    <Button size="compact-sm" variant="light" color="orange" onClick={() => openRestore(revision)}>
                      Restore
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {list.length > 1 && (
        <section aria-labelledby="revision-compare-title">
          <Title order={2} size="h4" id="revision-compare-title" mb="sm">
            Compare revisions
          </Title>
          <Group mb="md" align="flex-end">
            <Select label="From" data={choices} value={String(chosen.a)} onChange={(value) => value && setPair({ ...chosen, a: Number(value) })} allowDeselect={false} />
            <Select label="To" data={choices} value={String(chosen.b)} onChange={(value) => value && setPair({ ...chosen, b: Number(value) })} allowDeselect={false} />
          </Group>
          {older && newer && older !== newer ? (
            <RevisionDiff older={older} newer={newer} />
          ) : (
            <Text c="dimmed">Choose two different revisions to see what changed between them.</Text>
          )}
        </section>
      )}

      {list[1] && (
        <RestoreDialog
          opened={restoring !== null}
          connectionName={connectionName}
          revision={dialogRevision ?? list[1]}
          currentVersion={connection.data?.version}
          onClose={() => setRestoring(null)}
          onRestored={() => {
            setRestoring(null);
            onRestored();
          }}
        />
      )}
    </Stack>
  );
}

interface RestoreDialogProps {
  opened: boolean;
  connectionName: string;
  revision: RevisionRecord;
  currentVersion: number | undefined;
  onClose(): void;
  onRestored(): void;
}

/** Restores with the version the user saw, so a change made meanwhile by someone else is not silently overwritten. */
function RestoreDialog({ opened, connectionName, revision, currentVersion, onClose, onRestored }: RestoreDialogProps) {
  const client = useQueryClient();
  // Errors, a version conflict above all, are explained in the dialog itself, so no notification.
  const restore = useRestoreRevision(connectionName);
  const conflict = isApiError(restore.error) && restore.error.id === 'version_conflict';

  async function reload() {
    restore.reset();
    await client.invalidateQueries({ queryKey: queryKeys.connection(connectionName) });
    await client.invalidateQueries({ queryKey: queryKeys.revisions(connectionName) });
  }

  return (
    <ConfirmDialog
      opened={opened}
      title={`Restore revision ${revision.revision}?`}
      confirmLabel={`Restore revision ${revision.revision}`}
      danger={false}
      busy={restore.isPending}
      error={conflict ? undefined : restore.error}
      onClose={() => {
        // A reopened dialog starts clean, without the last attempt's error.
        restore.reset();
        onClose();
      }}
      onConfirm={() => restore.mutate({ revision: revision.revision, version: currentVersion }, { onSuccess: onRestored })}
    >
      <Text size="sm">
        The configs, description and tags of <strong>{connectionName}</strong> become those of revision {revision.revision} ({actionText(revision)}{' '}
        by {revision.by}). This is saved as a new revision; the current state stays in the history. Unsaved edits in the editor are replaced.
      </Text>
      {conflict && (
        <Alert color="orange" variant="light" title="Someone else saved this connection meanwhile" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">Reload to see their change in the history, then restore again if you still want to.</Text>
            <Button size="compact-sm" variant="default" onClick={reload}>
              Reload history
            </Button>
          </Stack>
        </Alert>
      )}
    </ConfirmDialog>
  );
}
