import { Paper, Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../ui/index.ts';
import { AuditPanel } from './AuditPanel.tsx';
import { PluginsPanel } from './PluginsPanel.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { TokensPanel } from './TokensPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';

const tabs = ['users', 'tokens', 'audit', 'plugins', 'settings'] as const;
type AdminTab = (typeof tabs)[number];

/** Admins only: users and roles, everyone's API tokens, the audit log, plugins, server settings. The tab is in the URL. */
export function AdminPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: AdminTab = tabs.find((candidate) => candidate === requested) ?? 'users';
  return (
    <>
      <PageTitle title="Admin" description="Users and roles, API tokens, the audit log, plugins and server settings." />
      <Paper withBorder p="md" className="ziggy-panel">
        <Tabs value={tab} onChange={(value) => setParams(value === null ? {} : { tab: value }, { replace: true })} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="users">Users</Tabs.Tab>
            <Tabs.Tab value="tokens">API tokens</Tabs.Tab>
            <Tabs.Tab value="audit">Audit log</Tabs.Tab>
            <Tabs.Tab value="plugins">Plugins</Tabs.Tab>
            <Tabs.Tab value="settings">Settings</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="users">
            <UsersPanel />
          </Tabs.Panel>
          <Tabs.Panel value="tokens">
            <TokensPanel all />
          </Tabs.Panel>
          <Tabs.Panel value="audit">
            <AuditPanel />
          </Tabs.Panel>
          <Tabs.Panel value="plugins">
            <PluginsPanel />
          </Tabs.Panel>
          <Tabs.Panel value="settings">
            <SettingsPanel />
          </Tabs.Panel>
        </Tabs>
      </Paper>
    </>
  );
}
