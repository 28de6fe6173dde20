import { Button, Group, Menu, ActionIcon, Select, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { modes } from '@core/mode.ts';
import { notifySuccess, useDeleteUser, useUpdateUser, useUsers, type Mode, type Role, type UpdateUserInput, type UserView } from '../api/index.ts';
import { useSession } from '../app/session.tsx';
import { ColumnHeads, ConfirmDialog, ErrorAlert, RelativeTime, StatusBadge } from '../ui/index.ts';
import { CreateUserDialog, SetPasswordDialog } from './user-dialogs.tsx';

/** A change waiting for confirmation: every change to a user ends or limits someone's access. */
type Pending =
  | { kind: 'update'; user: UserView; input: UpdateUserInput; title: string; text: string; label: string }
  | { kind: 'delete'; user: UserView };

export function UsersPanel() {
  const session = useSession();
  const users = useUsers();
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const [createOpen, createDialog] = useDisclosure(false);
  const [passwordFor, setPasswordFor] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState<Pending | undefined>(undefined);

  const askRole = (user: UserView, mode: Mode, role: Role) =>
    setPending({
      kind: 'update',
      user,
      input: { roles: { [mode]: role } },
      title: `Make ${user.username} ${role === 'admin' ? 'an' : 'a'} ${role} in ${mode}?`,
      text: `Their role in ${mode} changes from ${user.roles[mode]} to ${role}. Their open sessions end; their API tokens are capped at the new role in ${mode}.`,
      label: 'Change role',
    });
  const askDisable = (user: UserView) =>
    setPending({
      kind: 'update',
      user,
      input: { disabled: !user.disabled },
      title: `${user.disabled ? 'Enable' : 'Disable'} ${user.username}?`,
      text: user.disabled
        ? 'They can sign in again and their API tokens work again.'
        : 'They are signed out at once, cannot sign in, and their API tokens stop working until enabled again.',
      label: user.disabled ? 'Enable user' : 'Disable user',
    });

  const close = () => {
    update.reset();
    remove.reset();
    setPending(undefined);
  };
  const confirm = () => {
    if (pending === undefined) return;
    if (pending.kind === 'delete') {
      remove.mutate(pending.user.username, { onSuccess: () => (notifySuccess(`Deleted the user "${pending.user.username}".`), close()) });
    } else {
      update.mutate({ username: pending.user.username, input: pending.input }, { onSuccess: () => (notifySuccess(`Updated "${pending.user.username}".`), close()) });
    }
  };

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text>Who can sign in, and what their role in each mode lets them do.</Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={createDialog.open}>
          User
        </Button>
      </Group>
      <ErrorAlert error={users.error} title="Cannot load the users" />
      <Table.ScrollContainer minWidth={800}>
        <Table verticalSpacing="sm" aria-label="Users">
          <ColumnHeads names={['Username', 'Role in dev', 'Role in prod', 'Status', 'Last sign-in', 'Created', 'Actions']} />
          <Table.Tbody>
            {(users.data ?? []).map((user) => {
              const self = user.username === session.username;
              return (
                <Table.Tr key={user.username}>
                  <Table.Td fw={600}>
                    {user.username}
                    {self ? ' (you)' : ''}
                  </Table.Td>
                  {modes.map((mode) => (
                    <Table.Td key={mode}>
                      <Select
                        aria-label={`Role of ${user.username} in ${mode}`}
                        data={['viewer', 'operator', 'editor', 'admin']}
                        value={user.roles[mode]}
                        allowDeselect={false}
                        onChange={(role) => role !== null && role !== user.roles[mode] && askRole(user, mode, role as Role)}
                        w={130}
                        size="xs"
                      />
                    </Table.Td>
                  ))}
                  <Table.Td>{user.disabled ? <StatusBadge tone="bad">Disabled</StatusBadge> : <StatusBadge tone="ok">Active</StatusBadge>}</Table.Td>
                  <Table.Td>{user.lastLoginAt === null ? 'never' : <RelativeTime at={user.lastLoginAt} />}</Table.Td>
                  <Table.Td>
                    <RelativeTime at={user.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray.8" aria-label={`Actions for ${user.username}`}>
                          <IconDots size={18} aria-hidden />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setPasswordFor(user.username)}>Set password…</Menu.Item>
                        <Menu.Item onClick={() => askDisable(user)}>{user.disabled ? 'Enable…' : 'Disable…'}</Menu.Item>
                        <Menu.Item color="red.9" onClick={() => setPending({ kind: 'delete', user })}>
                          Delete…
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CreateUserDialog opened={createOpen} onClose={createDialog.close} />
      <SetPasswordDialog username={passwordFor} onClose={() => setPasswordFor(undefined)} />
      <ConfirmDialog
        opened={pending !== undefined}
        title={pending?.kind === 'delete' ? `Delete the user ${pending.user.username}?` : (pending?.title ?? '')}
        confirmLabel={pending?.kind === 'delete' ? 'Delete user' : (pending?.label ?? '')}
        busy={update.isPending || remove.isPending}
        error={update.error ?? remove.error}
        onConfirm={confirm}
        onClose={close}
      >
        <Text>
          {pending?.kind === 'delete'
            ? 'They are signed out, their API tokens are revoked, and they cannot sign in again. The audit log keeps their past actions.'
            : pending?.text}
        </Text>
      </ConfirmDialog>
    </>
  );
}
