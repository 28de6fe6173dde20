import { Button, Code, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { notifySuccess, useAddPlugin, usePlugins, useRemovePlugin, type PluginView } from '../api/index.ts';
import { ConfirmDialog, ErrorAlert, StatusBadge, type Tone } from '../ui/index.ts';

const statusTones: Record<PluginView['status'], Tone> = { loaded: 'ok', pending: 'neutral', failed: 'bad' };
const statusText: Record<PluginView['status'], string> = { loaded: 'loaded', pending: 'loads at next start', failed: 'failed to load' };

/** Connector packages and allowed npm modules: installed by npm on the server, loaded at the next start of every instance. */
export function PluginsPanel() {
  const plugins = usePlugins();
  const add = useAddPlugin();
  const remove = useRemovePlugin();
  const [spec, setSpec] = useState('');
  const [kind, setKind] = useState<'connector' | 'module'>('connector');
  const [removing, setRemoving] = useState<PluginView | undefined>(undefined);
  return (
    <Stack>
      <ErrorAlert error={plugins.error} title="Cannot load the plugins" />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate(
            { spec: spec.trim(), kind },
            {
              onSuccess: (added) => {
                setSpec('');
                notifySuccess(`Installed ${added.name}@${added.version}; it loads at the next start of each server.`);
              },
            },
          );
        }}
      >
        <Group align="end">
          <TextInput
            label="npm package or folder on the server"
            description="A registry name with an optional version, or a local folder. Installed with scripts disabled."
            placeholder="ziggy-connector-twilio@1.0.0"
            value={spec}
            onChange={(event) => setSpec(event.currentTarget.value)}
            w={420}
          />
          <SegmentedControl
            aria-label="What the package is"
            value={kind}
            onChange={(value) => setKind(value === 'module' ? 'module' : 'connector')}
            data={[
              { value: 'connector', label: 'Connection type' },
              { value: 'module', label: 'Allowed module' },
            ]}
          />
          <Button type="submit" loading={add.isPending} disabled={spec.trim() === ''}>
            Install
          </Button>
        </Group>
      </form>
      <ErrorAlert error={add.error} title="Not installed" />
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Package</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Added</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(plugins.data ?? []).map((plugin) => (
            <Table.Tr key={plugin.name}>
              <Table.Td>
                <Code>
                  {plugin.name}@{plugin.version}
                </Code>
                {plugin.error !== undefined && (
                  <Text size="sm" c="red">
                    {plugin.error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{plugin.kind === 'connector' ? `type ${plugin.type ?? ''}` : 'module'}</Table.Td>
              <Table.Td>
                <StatusBadge tone={statusTones[plugin.status]}>{statusText[plugin.status]}</StatusBadge>
              </Table.Td>
              <Table.Td>by {plugin.addedBy}</Table.Td>
              <Table.Td>
                <Button variant="subtle" color="red" size="xs" onClick={() => setRemoving(plugin)}>
                  Remove
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {plugins.data?.length === 0 && <Text c="dimmed">No plugins installed.</Text>}
      <ConfirmDialog
        opened={removing !== undefined}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        busy={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(undefined)}
        onConfirm={() => {
          if (removing !== undefined) remove.mutate(removing.name, { onSuccess: () => setRemoving(undefined) });
        }}
      >
        It is uninstalled now and gone from every server at its next start. A package whose type a connection still uses is refused.
      </ConfirmDialog>
    </Stack>
  );
}
