import { ActionIcon, Code, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { notifySuccess, useDeleteFile, type FileTarget } from '../api/index.ts';
import { ConfirmDialog } from '../ui/index.ts';

/** Deletes one file after the user confirmed it by name. */
export function DeleteFileButton({ target, name, where }: { target: FileTarget; name: string; where: string }) {
  const [opened, dialog] = useDisclosure(false);
  const remove = useDeleteFile(target.connection);
  const close = () => {
    remove.reset();
    dialog.close();
  };
  const confirm = () =>
    remove.mutate(target, {
      onSuccess: () => {
        dialog.close();
        notifySuccess(`Deleted ${target.path}.`);
      },
    });
  return (
    <>
      <Tooltip label={`Delete ${name}`}>
        <ActionIcon variant="subtle" color="red.9" aria-label={`Delete ${name}`} onClick={dialog.open}>
          <IconTrash size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <ConfirmDialog opened={opened} title={`Delete ${name}?`} confirmLabel="Delete file" busy={remove.isPending} error={remove.error} onConfirm={confirm} onClose={close}>
        <Text>
          <Code>{target.path}</Code> is deleted from the {where}. This cannot be undone.
        </Text>
      </ConfirmDialog>
    </>
  );
}
