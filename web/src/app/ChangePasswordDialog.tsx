import { PasswordInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifySuccess, useChangePassword } from '../api/index.ts';
import { FormDialog, resetAndClose } from '../ui/index.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function ChangePasswordDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const change = useChangePassword();
  const form = useForm<Values>({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: {
      currentPassword: (value) => (value === '' ? 'Enter your current password.' : null),
      newPassword: (value) => (value.length < 12 ? 'Use at least 12 characters.' : null),
      repeat: (value, values) => (value !== values.newPassword ? 'The two new passwords differ.' : null),
    },
  });
  const close = resetAndClose(form, change, onClose);
  const submit = form.onSubmit(({ currentPassword, newPassword }) => {
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          notifySuccess('Your password was changed.');
          close();
        },
      },
    );
  });
  return (
    <FormDialog opened={opened} title="Change password" submitLabel="Change password" onSubmit={submit} busy={change.isPending} error={change.error} onClose={close}>
      <PasswordInput label="Current password" autoComplete="current-password" data-autofocus {...form.getInputProps('currentPassword')} />
      <PasswordInput label="New password" description="At least 12 characters." autoComplete="new-password" {...form.getInputProps('newPassword')} />
      <PasswordInput label="New password again" autoComplete="new-password" {...form.getInputProps('repeat')} />
    </FormDialog>
  );
}
