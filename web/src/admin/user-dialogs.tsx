import { PasswordInput, Select, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifySuccess, useCreateUser, useUpdateUser, type Role } from '../api/index.ts';
import { FormDialog, resetAndClose } from '../ui/index.ts';

export const roleOptions: Array<{ value: Role; label: string }> = [
  { value: 'viewer', label: 'viewer: reads connections and secrets (never values)' },
  { value: 'operator', label: 'operator: also tests and runs' },
  { value: 'editor', label: 'editor: also changes connections and secrets' },
  { value: 'admin', label: 'admin: also users, tokens, audit log, settings' },
];

const passwordRule = (value: string) => (value.length < 12 ? 'Use at least 12 characters.' : null);

export function CreateUserDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const create = useCreateUser();
  const form = useForm({
    initialValues: { username: '', password: '', dev: 'viewer' as Role, prod: 'viewer' as Role },
    validate: { username: (value) => (value.trim() === '' ? 'Enter a username.' : null), password: passwordRule },
  });
  const close = resetAndClose(form, create, onClose);
  const submit = form.onSubmit((values) =>
    create.mutate(
      { username: values.username.trim(), password: values.password, roles: { dev: values.dev, prod: values.prod } },
      {
        onSuccess: (user) => {
          notifySuccess(`Created the user "${user.username}".`);
          close();
        },
      },
    ),
  );
  return (
    <FormDialog opened={opened} title="Add a user" submitLabel="Add user" onSubmit={submit} busy={create.isPending} error={create.error} errorTitle="Not created" onClose={close}>
      <TextInput label="Username" required autoComplete="off" data-autofocus {...form.getInputProps('username')} />
      <PasswordInput label="Password" required description="At least 12 characters; they can change it after signing in." autoComplete="new-password" {...form.getInputProps('password')} />
      <Select label="Role in dev" required data={roleOptions} allowDeselect={false} {...form.getInputProps('dev')} />
      <Select
        label="Role in prod"
        required
        description="E.g. editor in dev and operator in prod: they change dev, and only run saved blocks in prod."
        data={roleOptions}
        allowDeselect={false}
        {...form.getInputProps('prod')}
      />
    </FormDialog>
  );
}

export function SetPasswordDialog({ username, onClose }: { username: string | undefined; onClose(): void }) {
  const update = useUpdateUser();
  const form = useForm({ initialValues: { password: '' }, validate: { password: passwordRule } });
  const close = resetAndClose(form, update, onClose);
  const submit = form.onSubmit(({ password }) => {
    if (username === undefined) return;
    update.mutate(
      { username, input: { password } },
      {
        onSuccess: () => {
          notifySuccess(`Set a new password for "${username}".`);
          close();
        },
      },
    );
  });
  return (
    <FormDialog
      opened={username !== undefined}
      title={`New password for ${username ?? ''}`}
      submitLabel="Set password"
      onSubmit={submit}
      busy={update.isPending}
      error={update.error}
      errorTitle="Not changed"
      onClose={close}
    >
      <PasswordInput label="New password" required autoComplete="new-password" data-autofocus {...form.getInputProps('password')} />
    </FormDialog>
  );
}
