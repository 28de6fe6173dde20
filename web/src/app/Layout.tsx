import { AppShell, Badge, Group, SegmentedControl, Text, VisuallyHidden } from '@mantine/core';
import { Link, NavLink, Outlet } from 'react-router';
import type { Mode } from '../api/index.ts';
import { modeLabels, useMode } from './mode.tsx';
import { useSession } from './session.tsx';
import { UserMenu } from './UserMenu.tsx';

interface NavItem {
  to: string;
  label: string;
  adminOnly?: boolean;
}

const navItems: NavItem[] = [
  { to: '/connections', label: 'Connections' },
  { to: '/secrets', label: 'Secrets' },
  { to: '/blocks', label: 'Blocks' },
  { to: '/runs', label: 'Runs' },
  { to: '/admin', label: 'Admin', adminOnly: true },
];

/** Every signed-in page: the header (navigation, mode switch, user menu) over the page's content. */
export function Layout() {
  const { mode } = useMode();
  const session = useSession();
  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header className="ziggy-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Link to="/connections" className="ziggy-brand">
              Ziggy Connections
            </Link>
            <nav aria-label="Main">
              <Group gap={4} wrap="nowrap">
                {navItems
                  .filter((item) => item.adminOnly !== true || session.can('admin'))
                  .map((item) => (
                    <NavLink key={item.to} to={item.to} className="ziggy-nav-link">
                      {item.label}
                    </NavLink>
                  ))}
              </Group>
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {mode === 'prod' ? (
              <Badge variant="white" color="red.9" size="lg" radius="sm">
                Production
              </Badge>
            ) : null}
            <ModeSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main className="ziggy-main">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** A radio group named "Mode", its options DEVELOPMENT and PRODUCTION; what the mode does is its description. */
function ModeSwitch() {
  const { mode, setMode } = useMode();
  return (
    <Group gap={6} wrap="nowrap">
      <Text component="span" size="sm" fw={500} id="mode-switch-label">
        Mode
      </Text>
      <VisuallyHidden id="mode-switch-description">Pages open on this mode's configuration, and tests and runs use it.</VisuallyHidden>
      <SegmentedControl
        aria-labelledby="mode-switch-label"
        aria-describedby="mode-switch-description"
        size="xs"
        value={mode}
        onChange={(value) => setMode(value as Mode)}
        color={mode === 'prod' ? 'red.9' : 'blue.8'}
        data={(['dev', 'prod'] as const).map((value) => ({ value, label: modeLabels[value].toUpperCase() }))}
      />
    </Group>
  );
}
