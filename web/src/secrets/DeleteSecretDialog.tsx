import { Anchor, Checkbox, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { encodeName, notifySuccess, useDeleteSecret, type SecretView } from '../api/index.ts';
import { ConfirmDialog } from '../ui/index.ts';

/** Deleting a secret that connections use breaks them; that takes an explicit "delete anyway". */
export function DeleteSecretDialog({ secret, onClose }: { secret: SecretView | undefined; onClose(): void }) {
  const remove = useDeleteSecret();
  const [force, setForce] = useState(false);
  const used = (secret?.usedBy.length ?? 0) > 0;
  const close = () => {
    remove.reset();
    setForce(false);
    onClose();
  };
  return (
    <ConfirmDialog
      opened={secret !== undefined}
      title={`Delete the secret ${secret?.name ?? ''}?`}
      confirmLabel={used ? 'Delete anyway' : 'Delete secret'}
      busy={remove.isPending}
      confirmDisabled={used && !force}
      error={remove.error}
      onClose={close}
      onConfirm={() => {
        if (secret === undefined || (used && !force)) return;
        remove.mutate(
          { name: secret.name, force: used },
          {
            onSuccess: () => {
              notifySuccess(`Deleted the secret "${secret.name}".`);
              close();
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <Text>Both its development and production values are deleted. This cannot be undone.</Text>
        {used && secret !== undefined ? (
          <>
            <Text fw={600}>These connections use it and will fail until they get another value:</Text>
            <List>
              {secret.usedBy.map((name) => (
                <List.Item key={name}>
                  <Anchor component={Link} to={`/connections/${encodeName(name)}`}>
                    {name}
                  </Anchor>
                </List.Item>
              ))}
            </List>
            <Checkbox label="I understand: delete it although connections use it" checked={force} onChange={(event) => setForce(event.currentTarget.checked)} />
          </>
        ) : (
          <Text>No connection uses it.</Text>
        )}
      </Stack>
    </ConfirmDialog>
  );
}
