import { Alert, Button, Code, Group, Modal, Stack, TagsInput, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { notifySuccess, useClearProdSecret, useSaveSecret, type SecretView } from '../api/index.ts';
import { ConfirmDialog, ErrorAlert } from '../ui/index.ts';
import { SecretValueField } from './SecretValueField.tsx';

export interface SecretDialogProps {
  /** The secret to edit; undefined to add one. */
  secret: SecretView | undefined;
  opened: boolean;
  onClose(): void;
}

/** Add a secret, or replace its values; stored values are never shown. */
export function SecretDialog({ secret, opened, onClose }: SecretDialogProps) {
  const isNew = secret === undefined;
  const [name, setName] = useState('');
  const [description, setDescription] = useState(secret?.description ?? '');
  const [tags, setTags] = useState<string[]>(secret?.tags ?? []);
  const [dev, setDev] = useState<string | undefined>(isNew ? '' : undefined);
  const [prod, setProd] = useState<string | undefined>(undefined);
  const [clearOpen, clearDialog] = useDisclosure(false);
  const save = useSaveSecret();
  const clearProd = useClearProdSecret();
  const secretName = secret?.name ?? name.trim();

  const metaChanged = !isNew && (description !== secret.description || tags.join('\n') !== secret.tags.join('\n'));
  const valueGiven = (dev !== undefined && dev !== '') || (prod !== undefined && prod !== '');
  const canSave = valueGiven && secretName !== '';

  const submit = () => {
    if (!canSave) return;
    save.mutate(
      { name: secretName, dev: dev || undefined, prod: prod || undefined, description, tags },
      {
        onSuccess: () => {
          notifySuccess(`Saved the secret "${secretName}".`);
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={isNew ? 'Add a secret' : `Secret ${secret.name}`} centered size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          {isNew ? (
            <TextInput
              label="Name"
              required
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              description="A JavaScript variable name, e.g. WAREHOUSE_PASSWORD; used as secrets.NAME in connection objects."
              data-autofocus
            />
          ) : (
            <Alert variant="light" color="gray">
              Used as <Code>secrets.{secret.name}</Code>. Stored values are never shown: replace them to change them.
            </Alert>
          )}
          <TextInput label="Description" value={description} onChange={(event) => setDescription(event.currentTarget.value)} />
          <TagsInput label="Tags" description="Press Enter after each tag." value={tags} onChange={setTags} />
          <SecretValueField
            label="Development / default value"
            isSet={secret?.modes.dev ?? false}
            unsetText="Not set"
            value={dev}
            onValue={setDev}
            required={isNew}
          />
          <SecretValueField
            label="Production value"
            isSet={secret?.modes.prod ?? false}
            unsetText="Not set: production uses the development value"
            value={prod}
            onValue={setProd}
            actions={
              secret?.modes.prod ? (
                <Button variant="subtle" color="red.9" size="xs" onClick={clearDialog.open}>
                  Clear
                </Button>
              ) : null
            }
          />
          {metaChanged && !valueGiven ? (
            <Alert color="yellow" variant="light">
              Description and tags are saved together with a value: replace a value to save them.
            </Alert>
          ) : null}
          <ErrorAlert error={save.error} title="Not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!canSave} loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
      {secret === undefined ? null : (
        <ConfirmDialog
          opened={clearOpen}
          title={`Clear the production value of ${secret.name}?`}
          confirmLabel="Clear production value"
          busy={clearProd.isPending}
          error={clearProd.error}
          onClose={() => {
            clearProd.reset();
            clearDialog.close();
          }}
          onConfirm={() =>
            clearProd.mutate(secret.name, {
              onSuccess: () => {
                notifySuccess(`Production now uses the development value of "${secret.name}".`);
                clearDialog.close();
                onClose();
              },
            })
          }
        >
          Production runs and tests will use the development value from now on.
        </ConfirmDialog>
      )}
    </Modal>
  );
}
