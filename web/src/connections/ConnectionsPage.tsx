import { Anchor, Button, Center, EmptyState, Group, Loader, MultiSelect, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { IconPlug, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { encodeName, useConnections, useConnectionTypes, type ConnectionSummary } from '../api/index.ts';
import { useSession } from '../app/session.tsx';
import { ErrorAlert, PageTitle, RelativeTime, TagBadges, TypeIcon } from '../ui/index.ts';
import { TestStatusDot } from './TestStatusDot.tsx';

/** Every connection: what it is, how its last tests went, with search and filters. */
export function ConnectionsPage() {
  const session = useSession();
  const connections = useConnections();
  const types = useConnectionTypes();
  const [search, setSearch] = useState('');
  const [typeFilter, setTypeFilter] = useState<string | null>(null);
  const [tagFilter, setTagFilter] = useState<string[]>([]);
  const all = connections.data ?? [];
  const typeLabel = (id: string) => types.data?.find((type) => type.id === id)?.label ?? id;
  const allTags = useMemo(() => [...new Set(all.flatMap((connection) => connection.tags))].sort(), [all]);
  const shown = all.filter((connection) => matches(connection, search, typeFilter, tagFilter));
  const canWrite = session.can('write');

  const newButton = canWrite ? (
    <Button component={Link} to="/connections/new" leftSection={<IconPlus size={16} aria-hidden />}>
      Connection
    </Button>
  ) : undefined;

  return (
    <>
      <PageTitle title="Connections" description="Named, typed settings per mode for the systems your blocks talk to." actions={newButton} />
      <ErrorAlert error={connections.error} title="Cannot load the connections" />
      {connections.isPending ? (
        <Center p="xl">
          <Loader aria-label="Loading the connections" />
        </Center>
      ) : all.length === 0 && connections.isSuccess ? (
        <Paper withBorder p="xl" className="ziggy-panel">
          <EmptyState
            icon={<IconPlug aria-hidden />}
            title="No connections yet"
            description={
              canWrite ? (
                <>
                  Create your first connection: store its password as a secret in{' '}
                  <Anchor component={Link} to="/secrets" inherit>
                    Secrets
                  </Anchor>
                  , then choose + Connection and refer to it as <code>secrets.NAME</code>.
                </>
              ) : (
                'No connection has been created yet. An editor or an admin can create them.'
              )
            }
          >
            {newButton}
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder className="ziggy-panel">
          <Group p="md" gap="sm" align="flex-end">
            <TextInput
              label="Search"
              placeholder="Name or description"
              leftSection={<IconSearch size={16} aria-hidden />}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              w={260}
            />
            <Select
              label="Type"
              placeholder="Any type"
              clearable
              data={(types.data ?? []).map((type) => ({ value: type.id, label: type.label }))}
              value={typeFilter}
              onChange={setTypeFilter}
              w={180}
            />
            <MultiSelect label="Tags" placeholder={tagFilter.length === 0 ? 'Any tag' : undefined} data={allTags} value={tagFilter} onChange={setTagFilter} clearable w={240} />
          </Group>
          <Table.ScrollContainer minWidth={900}>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Connections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th>Tags</Table.Th>
                  <Table.Th>Development test</Table.Th>
                  <Table.Th>Production test</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((connection) => (
                  <Table.Tr key={connection.name}>
                    <Table.Td>
                      <Anchor component={Link} to={`/connections/${encodeName(connection.name)}`} fw={600}>
                        {connection.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <TypeIcon typeId={connection.type} />
                        {typeLabel(connection.type)}
                      </Group>
                    </Table.Td>
                    <Table.Td>{connection.description}</Table.Td>
                    <Table.Td>
                      <TagBadges tags={connection.tags} />
                    </Table.Td>
                    <Table.Td>
                      <TestStatusDot mode="dev" status={connection.lastTest.dev} />
                    </Table.Td>
                    <Table.Td>
                      <TestStatusDot mode="prod" status={connection.lastTest.prod} />
                      {connection.prodUsesDev ? (
                        <Text size="xs" c="dimmed">
                          uses development
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        <RelativeTime at={connection.updatedAt} />
                      </Text>
                      <Text size="xs" c="dimmed">
                        by {connection.updatedBy}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {shown.length === 0 ? (
            <Text p="md" c="dimmed">
              No connection matches these filters.
            </Text>
          ) : null}
        </Paper>
      )}
    </>
  );
}

function matches(connection: ConnectionSummary, search: string, type: string | null, tags: string[]): boolean {
  const text = search.trim().toLowerCase();
  if (text !== '' && !`${connection.name} ${connection.description}`.toLowerCase().includes(text)) return false;
  if (type !== null && connection.type !== type) return false;
  return tags.every((tag) => connection.tags.includes(tag));
}
