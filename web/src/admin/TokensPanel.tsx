import { Button, Code, EmptyState, Group, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { notifySuccess, useRevokeToken, useTokens, type CreatedToken, type TokenView } from '../api/index.ts';
import { ColumnHeads, ConfirmDialog, ErrorAlert, RelativeTime, StatusBadge } from '../ui/index.ts';
import { CreatedTokenDialog, CreateTokenDialog } from './token-dialogs.tsx';

function tokenState(token: TokenView): { tone: 'ok' | 'neutral' | 'bad'; label: string } {
  if (token.revokedAt !== null) return { tone: 'neutral', label: 'Revoked' };
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now()) return { tone: 'bad', label: 'Expired' };
  return { tone: 'ok', label: 'Active' };
}

/** API tokens for programs: the caller's own, or (`all`, admins) everyone's. */
export function TokensPanel({ all }: { all: boolean }) {
  const tokens = useTokens(all);
  const revoke = useRevokeToken();
  const [createOpen, createDialog] = useDisclosure(false);
  const [created, setCreated] = useState<CreatedToken | undefined>(undefined);
  const [revoking, setRevoking] = useState<TokenView | undefined>(undefined);
  const list = tokens.data ?? [];
  const closeRevoke = () => {
    revoke.reset();
    setRevoking(undefined);
  };
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text>Programs and the CLI authenticate with a token: Authorization: Bearer &lt;token&gt;.</Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={createDialog.open}>
          Token
        </Button>
      </Group>
      <ErrorAlert error={tokens.error} title="Cannot load the tokens" />
      {tokens.isSuccess && list.length === 0 ? (
        <EmptyState icon={<IconKey aria-hidden />} title="No API tokens" description="Create one for each program that calls the API, so each can be revoked on its own." />
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="sm" aria-label="API tokens">
            <ColumnHeads names={['Name', all && 'Owner', 'Role', 'Starts with', 'Status', 'Expires', 'Last used', 'Actions']} />
            <Table.Tbody>
              {list.map((token) => {
                const state = tokenState(token);
                return (
                  <Table.Tr key={token.id}>
                    <Table.Td fw={600}>{token.name}</Table.Td>
                    {all ? <Table.Td>{token.username}</Table.Td> : null}
                    <Table.Td>{token.role}</Table.Td>
                    <Table.Td>
                      <Code>{token.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
                    </Table.Td>
                    <Table.Td>{token.expiresAt === null ? 'never' : <RelativeTime at={token.expiresAt} />}</Table.Td>
                    <Table.Td>{token.lastUsedAt === null ? 'never' : <RelativeTime at={token.lastUsedAt} />}</Table.Td>
                    <Table.Td>
                      {state.label === 'Active' ? (
                        <Button size="xs" variant="outline" color="red.9" onClick={() => setRevoking(token)} aria-label={`Revoke the token ${token.name}`}>
                          Revoke
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateTokenDialog opened={createOpen} forAnyone={all} onClose={createDialog.close} onCreated={setCreated} />
      <CreatedTokenDialog created={created} onClose={() => setCreated(undefined)} />
      <ConfirmDialog
        opened={revoking !== undefined}
        title={`Revoke the token "${revoking?.name ?? ''}"?`}
        confirmLabel="Revoke token"
        busy={revoke.isPending}
        error={revoke.error}
        onClose={closeRevoke}
        onConfirm={() =>
          revoking !== undefined &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifySuccess(`Revoked the token "${revoking.name}".`);
              closeRevoke();
            },
          })
        }
      >
        <Text>Programs using it get 401 from now on. This cannot be undone; create a new token to replace it.</Text>
      </ConfirmDialog>
    </>
  );
}
