import { Button, Checkbox, Group, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useSession } from '../app/session.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { useDeleteBlock, useSaveBlock, type BlockView } from './blocks-api.ts';

// The server's rule for block names (like connection names), checked here to say so before saving.
const blockNamePattern = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

export interface BlockSaveBarProps {
  saved: BlockView | undefined;
  code: string;
  existingNames: readonly string[];
  onSaved(name: string): void;
  onDeleted(): void;
}

/** Name, description, Save and Delete of a block; saving sends the version seen, so someone else's save is not overwritten. */
export function BlockSaveBar({ saved, code, existingNames, onSaved, onDeleted }: BlockSaveBarProps) {
  const session = useSession();
  const save = useSaveBlock();
  const remove = useDeleteBlock();
  const [name, setName] = useState(saved?.name ?? '');
  const [description, setDescription] = useState(saved?.description ?? '');
  const [retrySafe, setRetrySafe] = useState(saved?.retrySafe ?? false);
  const [confirm, setConfirm] = useState<'replace' | 'delete' | null>(null);
  const canWrite = session.can('write');
  const nameProblem = saved || name === '' || blockNamePattern.test(name) ? undefined : 'Use letters, digits, _ and -, starting with a letter.';
  const changed = !saved || code !== saved.code || description !== saved.description || retrySafe !== saved.retrySafe;

  function doSave() {
    setConfirm(null);
    save.mutate(
      { name, code, description, retrySafe, ...(saved ? { version: saved.version } : {}) },
      { onSuccess: (view) => onSaved(view.name) },
    );
  }

  function requestSave() {
    if (!saved && existingNames.includes(name)) setConfirm('replace');
    else doSave();
  }

  return (
    <>
      {saved ? (
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2} size="h3">
              {saved.name}
            </Title>
            <Text size="sm" c="dimmed">
              Version {saved.version}, saved by {saved.updatedBy}
            </Text>
          </div>
        </Group>
      ) : (
        <Title order={2} size="h3">
          New block
        </Title>
      )}
      {canWrite && (
        <Group align="flex-end" wrap="wrap">
          {!saved && (
            <TextInput label="Name" placeholder="import-orders" value={name} onChange={(event) => setName(event.currentTarget.value)} error={nameProblem} w="16rem" />
          )}
          <TextInput
            label="Description"
            placeholder="What the block does"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            style={{ flex: 1, minWidth: '14rem' }}
          />
          <Checkbox
            label="Retry-safe"
            description="Running it twice does no harm: if its worker stops, the run is tried again on another"
            checked={retrySafe}
            onChange={(event) => setRetrySafe(event.currentTarget.checked)}
            maw="18rem"
          />
          <Button onClick={requestSave} loading={save.isPending} disabled={name === '' || nameProblem !== undefined || !changed} variant="filled">
            {saved ? 'Save changes' : 'Save block'}
          </Button>
          {saved && (
            <Button color="red" variant="outline" onClick={() => setConfirm('delete')}>
              Delete
            </Button>
          )}
        </Group>
      )}
      <ErrorAlert error={save.error} title="The block was not saved" />
      <ConfirmDialog
        opened={confirm === 'replace'}
        title={`Replace block ${name}?`}
        confirmLabel={`Replace ${name}`}
        onConfirm={doSave}
        onClose={() => setConfirm(null)}
      >
        <Text size="sm">A saved block is already named “{name}”. Saving replaces its code and description with these; its runs stay.</Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={confirm === 'delete'}
        title={`Delete block ${saved?.name}?`}
        confirmLabel="Delete block"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => saved && remove.mutate(saved.name, { onSuccess: onDeleted })}
        onClose={() => setConfirm(null)}
      >
        <Text size="sm">
          The block and its code are deleted. Its past runs stay on the Runs page. Anything that launches it by name (an execution token, a flow)
          will fail until a block of that name is saved again.
        </Text>
      </ConfirmDialog>
    </>
  );
}
