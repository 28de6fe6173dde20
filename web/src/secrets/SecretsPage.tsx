import { ActionIcon, Anchor, Button, Center, Code, EmptyState, Group, Loader, MultiSelect, Paper, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconKey, IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { encodeName, useSecrets, type SecretView } from '../api/index.ts';
import { useSession } from '../app/session.tsx';
import { ErrorAlert, PageTitle, RelativeTime, StatusBadge, TagBadges } from '../ui/index.ts';
import { DeleteSecretDialog } from './DeleteSecretDialog.tsx';
import { SecretDialog } from './SecretDialog.tsx';

type Editing = { secret: SecretView | undefined } | undefined;

/** The Secrets Manager: which secrets exist, which modes have a value, who uses them. Values never show. */
export function SecretsPage() {
  const session = useSession();
  const secrets = useSecrets();
  const [search, setSearch] = useState('');
  const [tagFilter, setTagFilter] = useState<string[]>([]);
  const [editing, setEditing] = useState<Editing>(undefined);
  const [deleting, setDeleting] = useState<SecretView | undefined>(undefined);
  const all = secrets.data ?? [];
  const allTags = useMemo(() => [...new Set(all.flatMap((secret) => secret.tags))].sort(), [all]);
  const text = search.trim().toLowerCase();
  const shown = all.filter(
    (secret) =>
      (text === '' || `${secret.name} ${secret.description}`.toLowerCase().includes(text)) && tagFilter.every((tag) => secret.tags.includes(tag)),
  );
  const canWrite = session.can('write');
  const addButton = canWrite ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ secret: undefined })}>
      Secret
    </Button>
  ) : undefined;

  return (
    <>
      <PageTitle title="Secrets" description="Passwords and keys, encrypted at rest; connection objects refer to them as secrets.NAME." actions={addButton} />
      <ErrorAlert error={secrets.error} title="Cannot load the secrets" />
      {secrets.isPending ? (
        <Center p="xl">
          <Loader aria-label="Loading the secrets" />
        </Center>
      ) : all.length === 0 && secrets.isSuccess ? (
        <Paper withBorder p="xl" className="ziggy-panel">
          <EmptyState
            icon={<IconKey aria-hidden />}
            title="No secrets yet"
            description="Add a secret for each password or API key, with a development value and, if production differs, a production value. Then use it in a connection object as secrets.NAME."
          >
            {addButton}
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
            <MultiSelect label="Tags" placeholder={tagFilter.length === 0 ? 'Any tag' : undefined} data={allTags} value={tagFilter} onChange={setTagFilter} clearable w={240} />
          </Group>
          <Table.ScrollContainer minWidth={900}>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Secrets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th>Tags</Table.Th>
                  <Table.Th>Values</Table.Th>
                  <Table.Th>Used by</Table.Th>
                  <Table.Th>Updated</Table.Th>
                  {canWrite ? <Table.Th>Actions</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((secret) => (
                  <Table.Tr key={secret.name}>
                    <Table.Td>
                      <Code>{secret.name}</Code>
                    </Table.Td>
                    <Table.Td>{secret.description}</Table.Td>
                    <Table.Td>
                      <TagBadges tags={secret.tags} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {secret.modes.dev ? <StatusBadge tone="ok">Dev/Default set</StatusBadge> : <StatusBadge tone="bad">Dev not set</StatusBadge>}
                        {secret.modes.prod ? <StatusBadge tone="ok">Production set</StatusBadge> : <StatusBadge tone="neutral">Production uses dev</StatusBadge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {secret.usedBy.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          unused
                        </Text>
                      ) : (
                        <Group gap={6}>
                          {secret.usedBy.map((name) => (
                            <Anchor key={name} component={Link} to={`/connections/${encodeName(name)}`} size="sm">
                              {name}
                            </Anchor>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        <RelativeTime at={secret.updatedAt} />
                      </Text>
                      <Text size="xs" c="dimmed">
                        by {secret.updatedBy}
                      </Text>
                    </Table.Td>
                    {canWrite ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Tooltip label={`Edit ${secret.name}`}>
                            <ActionIcon variant="subtle" color="gray.8" aria-label={`Edit ${secret.name}`} onClick={() => setEditing({ secret })}>
                              <IconPencil size={18} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={`Delete ${secret.name}`}>
                            <ActionIcon variant="subtle" color="red.9" aria-label={`Delete ${secret.name}`} onClick={() => setDeleting(secret)}>
                              <IconTrash size={18} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {shown.length === 0 ? (
            <Text p="md" c="dimmed">
              No secret matches these filters.
            </Text>
          ) : null}
        </Paper>
      )}
      {editing === undefined ? null : (
        <SecretDialog key={editing.secret?.name ?? '(new)'} secret={editing.secret} opened onClose={() => setEditing(undefined)} />
      )}
      <DeleteSecretDialog secret={deleting} onClose={() => setDeleting(undefined)} />
    </>
  );
}
