import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { highestRole, roleAtMost, roles } from '@core/roles.ts';
import { useCreateToken, useUsers, type CreatedToken, type Role } from '../api/index.ts';
import { useSession } from '../app/session.tsx';
import { FormDialog, resetAndClose } from '../ui/index.ts';

interface Values {
  name: string;
  role: Role;
  /** `datetime-local` text, local time; empty: no expiry. */
  expiresAt: string;
  username: string;
}

/** Creates a token; the caller shows the one-time token from `onCreated`. `forAnyone` lets an admin pick the owner. */
export function CreateTokenDialog({ opened, forAnyone, onClose, onCreated }: { opened: boolean; forAnyone: boolean; onClose(): void; onCreated(created: CreatedToken): void }) {
  const session = useSession();
  const create = useCreateToken();
  const users = useUsers(forAnyone);
  const form = useForm<Values>({
    initialValues: { name: '', role: highestRole(session.roles), expiresAt: '', username: session.username },
    validate: {
      name: (value) => (value.trim() === '' ? 'Name the token after what uses it, e.g. ci-deploy.' : null),
      expiresAt: (value) => (value !== '' && Date.parse(value) <= Date.now() ? 'Choose a time in the future.' : null),
    },
  });
  const owner = forAnyone ? users.data?.find((user) => user.username === form.values.username) : undefined;
  const ceiling: Role = highestRole(owner?.roles ?? session.roles);
  const close = resetAndClose(form, create, onClose);
  const submit = form.onSubmit((values) =>
    create.mutate(
      {
        name: values.name.trim(),
        role: roleAtMost(values.role, ceiling) ? values.role : ceiling,
        expiresAt: values.expiresAt === '' ? null : new Date(values.expiresAt).toISOString(),
        ...(values.username !== session.username ? { username: values.username } : {}),
      },
      {
        onSuccess: (created) => {
          close();
          onCreated(created);
        },
      },
    ),
  );
  return (
    <FormDialog opened={opened} title="Create an API token" submitLabel="Create token" onSubmit={submit} busy={create.isPending} error={create.error} errorTitle="Not created" onClose={close}>
      <TextInput label="Name" required description="What uses it, e.g. ci-deploy." data-autofocus {...form.getInputProps('name')} />
      {forAnyone ? (
        <Select label="Owner" data={(users.data ?? []).map((user) => user.username)} allowDeselect={false} searchable {...form.getInputProps('username')} />
      ) : null}
      <Select
        label="Role"
        description={`At most the owner's role (${ceiling}).`}
        data={roles.filter((role) => roleAtMost(role, ceiling))}
        allowDeselect={false}
        {...form.getInputProps('role')}
      />
      <TextInput label="Expires" type="datetime-local" description="Leave empty for a token that does not expire." {...form.getInputProps('expiresAt')} />
    </FormDialog>
  );
}

/** The whole token, this once: only its hash is stored, so it cannot be shown again. */
export function CreatedTokenDialog({ created, onClose }: { created: CreatedToken | undefined; onClose(): void }) {
  return (
    <Modal opened={created !== undefined} onClose={onClose} title={`Token "${created?.view.name ?? ''}" created`} centered size="lg">
      <Stack>
        <Alert color="yellow" title="Copy it now: it is shown only this once">
          Store it where the program that uses it reads its settings. Send it as <Code>Authorization: Bearer &lt;token&gt;</Code>.
        </Alert>
        <Code block aria-label="The new API token" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {created?.token ?? ''}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={created?.token ?? ''}>
            {({ copied, copy }) => (
              <Button leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />} onClick={copy} variant={copied ? 'light' : 'filled'}>
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onClose}>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
