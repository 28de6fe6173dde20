import { Button, Menu } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconLock, IconLogout, IconUser } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi, notifyError } from '../api/index.ts';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';
import { useSession } from './session.tsx';

export function UserMenu() {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [passwordOpen, passwordDialog] = useDisclosure(false);

  const signOut = async () => {
    try {
      await authApi.logout();
    } catch (error) {
      notifyError(error, 'Signing out failed');
      return;
    }
    queryClient.clear();
    await navigate('/login');
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="white"
            color="dark"
            leftSection={<IconUser size={16} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            aria-label={`Signed in as ${session.username} (${session.rolesText}): account menu`}
          >
            {session.username}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            {session.username} · {session.rolesText}
          </Menu.Label>
          <Menu.Item leftSection={<IconLock size={16} aria-hidden />} onClick={passwordDialog.open}>
            Change password
          </Menu.Item>
          <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={() => void navigate('/tokens')}>
            My API tokens
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordDialog opened={passwordOpen} onClose={passwordDialog.close} />
    </>
  );
}
