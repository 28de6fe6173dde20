import { ActionIcon, Anchor, Button, Code, EmptyState, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconKey, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { encodeName, useSecrets, type SecretView } from '../api/index.ts';
import { useSession } from '../app/session.tsx';
import { ErrorAlert, ListPanel, PageTitle, StatusBadge, TagBadges, UpdatedCell, useListFilter } from '../ui/index.ts';
import { DeleteSecretDialog } from './DeleteSecretDialog.tsx';
import { SecretDialog } from './SecretDialog.tsx';

/** The secret the dialog shows (undefined: a new one), kept while the dialog closes so its title and fields stay put. */
interface Editing {
  secret: SecretView | undefined;
  opened: boolean;
}

/** The Secrets Manager: which secrets exist, which modes have a value, who uses them. Values never show. */
export function SecretsPage() {
  const session = useSession();
  const secrets = useSecrets();
  const [editing, setEditing] = useState<Editing>({ secret: undefined, opened: false });
  const [deleting, setDeleting] = useState<SecretView | undefined>(undefined);
  const all = secrets.data ?? [];
  const filter = useListFilter(all);
  const shown = all.filter(filter.matches);
  const canWrite = session.can('write');
  const addButton = canWrite ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ secret: undefined, opened: true })}>
      Secret
    </Button>
  ) : undefined;

  return (
    <>
      <PageTitle title="Secrets" description="Passwords and keys, encrypted at rest; connection objects refer to them as secrets.NAME." actions={addButton} />
      <ErrorAlert error={secrets.error} title="Cannot load the secrets" />
      <ListPanel
        title="Secrets"
        loading={secrets.isPending}
        nothingYet={all.length === 0 && secrets.isSuccess}
        emptyState={
          <EmptyState
            icon={<IconKey aria-hidden />}
            title="No secrets yet"
            description="Add a secret for each password or API key, with a development value and, if production differs, a production value. Then use it in a connection object as secrets.NAME."
          >
            {addButton}
          </EmptyState>
        }
        filter={filter}
        columns={['Name', 'Description', 'Tags', 'Values', 'Used by', 'Updated', canWrite && 'Actions']}
        rows={shown.map((secret) => (
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
            <UpdatedCell at={secret.updatedAt} by={secret.updatedBy} />
            {canWrite ? (
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Tooltip label={`Edit ${secret.name}`}>
                    <ActionIcon variant="subtle" color="gray.8" aria-label={`Edit ${secret.name}`} onClick={() => setEditing({ secret, opened: true })}>
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
        shownCount={shown.length}
        noMatch="No secret matches these filters."
      />
      {/* Always mounted and closed through `opened`, so Mantine gives the focus back to the button that opened it. */}
      <SecretDialog secret={editing.secret} opened={editing.opened} onClose={() => setEditing((current) => ({ ...current, opened: false }))} />
      <DeleteSecretDialog secret={deleting} onClose={() => setDeleting(undefined)} />
    </>
  );
}
