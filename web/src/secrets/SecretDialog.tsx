import { Alert, Button, Code, Group, Modal, Stack, TagsInput, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { notifySuccess, useClearProdSecret, useSaveSecret, useUpdateSecret, type SecretView, type UpdateSecretInput } from '../api/index.ts';
import { ConfirmDialog, ErrorAlert } from '../ui/index.ts';
import { SecretValueField } from './SecretValueField.tsx';

export interface SecretDialogProps {
  /** The secret to edit; undefined to add one. */
  secret: SecretView | undefined;
  opened: boolean;
  onClose(): void;
}

/** The dialog around the secret form; Mantine unmounts the form once the dialog has closed, so each opening starts afresh. */
export function SecretDialog({ secret, opened, onClose }: SecretDialogProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={secret === undefined ? 'Add a secret' : `Secret ${secret.name}`}
      centered
      size="lg"
      // Shown and hidden at once, as when the page mounted it open: a form half faded in is hard to read and to check.
      transitionProps={{ duration: 0 }}
    >
      <SecretForm secret={secret} onClose={onClose} />
    </Modal>
  );
}

/**
 * Add a secret, or edit one: a replaced value is saved with PUT (description and tags with it),
 * description and tags alone with PATCH, which leaves the stored values as they are. Values are never shown.
 */
function SecretForm({ secret, onClose }: Omit<SecretDialogProps, 'opened'>) {
  const isNew = secret === undefined;
  const [name, setName] = useState('');
  const [description, setDescription] = useState(secret?.description ?? '');
  const [tags, setTags] = useState<string[]>(secret?.tags ?? []);
  const [dev, setDev] = useState<string | undefined>(isNew ? '' : undefined);
  const [prod, setProd] = useState<string | undefined>(undefined);
  const [clearOpen, clearDialog] = useDisclosure(false);
  const save = useSaveSecret();
  const update = useUpdateSecret();
  const clearProd = useClearProdSecret();
  const secretName = secret?.name ?? name.trim();

  const changes: UpdateSecretInput = {};
  if (!isNew && description !== secret.description) changes.description = description;
  if (!isNew && tags.join('\n') !== secret.tags.join('\n')) changes.tags = tags;
  const metaChanged = Object.keys(changes).length > 0;
  const valueGiven = (dev !== undefined && dev !== '') || (prod !== undefined && prod !== '');
  const canSave = secretName !== '' && (valueGiven || metaChanged);

  const submit = () => {
    if (!canSave) return;
    // Only the error of this attempt is shown, whichever request made it.
    save.reset();
    update.reset();
    const onSuccess = () => {
      notifySuccess(`Saved the secret "${secretName}".`);
      onClose();
    };
    if (valueGiven) {
      save.mutate({ name: secretName, dev: dev || undefined, prod: prod || undefined, description, tags }, { onSuccess });
    } else {
      update.mutate({ name: secretName, ...changes }, { onSuccess });
    }
  };

  return (
    <>
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
          <ErrorAlert error={save.error ?? update.error} title="Not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!canSave} loading={save.isPending || update.isPending}>
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
    </>
  );
}
