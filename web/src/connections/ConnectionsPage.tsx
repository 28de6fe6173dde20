import { Anchor, Button, EmptyState, Group, Select, Table, Text } from '@mantine/core';
import { IconPlug, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { encodeName, useConnections, useConnectionTypes } from '../api/index.ts';
import { useSession } from '../app/session.tsx';
import { ErrorAlert, ListPanel, PageTitle, TagBadges, TypeIcon, UpdatedCell, useListFilter } from '../ui/index.ts';
import { TestStatusDot } from './TestStatusDot.tsx';

/** Every connection: what it is, how its last tests went, with search and filters. */
export function ConnectionsPage() {
  const session = useSession();
  const connections = useConnections();
  const types = useConnectionTypes();
  const [typeFilter, setTypeFilter] = useState<string | null>(null);
  const all = connections.data ?? [];
  const filter = useListFilter(all);
  const typeLabel = (id: string) => types.data?.find((type) => type.id === id)?.label ?? id;
  const shown = all.filter((connection) => filter.matches(connection) && (typeFilter === null || connection.type === typeFilter));
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
      <ListPanel
        title="Connections"
        loading={connections.isPending}
        nothingYet={all.length === 0 && connections.isSuccess}
        emptyState={
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
        }
        filter={filter}
        extraFilters={
          <Select
            label="Type"
            placeholder="Any type"
            clearable
            data={(types.data ?? []).map((type) => ({ value: type.id, label: type.label }))}
            value={typeFilter}
            onChange={setTypeFilter}
            w={180}
          />
        }
        columns={['Name', 'Type', 'Description', 'Tags', 'Development test', 'Production test', 'Updated']}
        rows={shown.map((connection) => (
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
            <UpdatedCell at={connection.updatedAt} by={connection.updatedBy} />
          </Table.Tr>
        ))}
        shownCount={shown.length}
        noMatch="No connection matches these filters."
      />
    </>
  );
}
