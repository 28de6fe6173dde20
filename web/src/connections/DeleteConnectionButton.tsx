import { Button, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { notifySuccess, useDeleteConnection } from '../api/index.ts';
import { ConfirmDialog } from '../ui/index.ts';

export function DeleteConnectionButton({ name, onDeleted }: { name: string; onDeleted(): void }) {
  const [opened, dialog] = useDisclosure(false);
  const remove = useDeleteConnection();
  const navigate = useNavigate();
  const confirm = () =>
    remove.mutate(name, {
      onSuccess: () => {
        onDeleted();
        dialog.close();
        notifySuccess(`Deleted the connection "${name}".`);
        void navigate('/connections');
      },
    });
  return (
    <>
      <Button variant="outline" color="red.9" leftSection={<IconTrash size={16} aria-hidden />} onClick={dialog.open}>
        Delete
      </Button>
      <ConfirmDialog
        opened={opened}
        title={`Delete the connection "${name}"?`}
        confirmLabel="Delete connection"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={confirm}
        onClose={() => {
          remove.reset();
          dialog.close();
        }}
      >
        <Text>
          Its development and production objects and its whole history are deleted. Blocks and code that use{' '}
          <code>connections.{name}</code> stop working. This cannot be undone.
        </Text>
      </ConfirmDialog>
    </>
  );
}
