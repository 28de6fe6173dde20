import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifySuccess, useCreateUser, useUpdateUser, type Role } from '../api/index.ts';
import { ErrorAlert } from '../ui/index.ts';

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
    initialValues: { username: '', password: '', role: 'viewer' as Role },
    validate: { username: (value) => (value.trim() === '' ? 'Enter a username.' : null), password: passwordRule },
  });
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    create.mutate(
      { ...values, username: values.username.trim() },
      {
        onSuccess: (user) => {
          notifySuccess(`Created the user "${user.username}".`);
          close();
        },
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={close} title="Add a user" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Username" required autoComplete="off" data-autofocus {...form.getInputProps('username')} />
          <PasswordInput label="Password" required description="At least 12 characters; they can change it after signing in." autoComplete="new-password" {...form.getInputProps('password')} />
          <Select label="Role" required data={roleOptions} allowDeselect={false} {...form.getInputProps('role')} />
          <ErrorAlert error={create.error} title="Not created" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function SetPasswordDialog({ username, onClose }: { username: string | undefined; onClose(): void }) {
  const update = useUpdateUser();
  const form = useForm({ initialValues: { password: '' }, validate: { password: passwordRule } });
  const close = () => {
    form.reset();
    update.reset();
    onClose();
  };
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
    <Modal opened={username !== undefined} onClose={close} title={`New password for ${username ?? ''}`} centered>
      <form onSubmit={submit}>
        <Stack>
          <PasswordInput label="New password" required autoComplete="new-password" data-autofocus {...form.getInputProps('password')} />
          <ErrorAlert error={update.error} title="Not changed" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
