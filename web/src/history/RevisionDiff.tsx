import { Stack, Table, Text, Title } from '@mantine/core';
import type { RevisionRecord } from '../api/index.ts';
import { ColumnHeads } from '../ui/ColumnHeads.tsx';
import { DiffView } from './DiffView.tsx';
import { metadataChanges } from './metadata-diff.ts';

/** What changed from one revision to another: both modes' config texts and the other fields. */
export function RevisionDiff({ older, newer }: { older: RevisionRecord; newer: RevisionRecord }) {
  const from = older.snapshot;
  const to = newer.snapshot;
  const changes = metadataChanges(from, to);
  const pair = `revision ${older.revision} to revision ${newer.revision}`;
  return (
    <Stack gap="md">
      <section>
        <Title order={3} size="h5" mb={4}>
          Development config
        </Title>
        <DiffView before={from.devSource} after={to.devSource} label={`Development config, ${pair}`} />
      </section>
      <section>
        <Title order={3} size="h5" mb={4}>
          Production config
        </Title>
        {from.prodSource === null && to.prodSource === null ? (
          <Text size="sm" c="dimmed">
            Neither revision has a production config of its own: production uses the development config.
          </Text>
        ) : (
          <>
            {(from.prodSource === null || to.prodSource === null) && (
              <Text size="sm" c="dimmed" mb={4}>
                Revision {from.prodSource === null ? older.revision : newer.revision} has no production config of its own (it uses the
                development config); shown as empty.
              </Text>
            )}
            <DiffView before={from.prodSource ?? ''} after={to.prodSource ?? ''} label={`Production config, ${pair}`} />
          </>
        )}
      </section>
      <section>
        <Title order={3} size="h5" mb={4}>
          Other fields
        </Title>
        {changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No change.
          </Text>
        ) : (
          <Table aria-label={`Other fields, ${pair}`} withTableBorder>
            <ColumnHeads names={['Field', `Revision ${older.revision}`, `Revision ${newer.revision}`]} />
            <Table.Tbody>
              {changes.map((change) => (
                <Table.Tr key={change.field}>
                  <Table.Td>{change.field}</Table.Td>
                  <Table.Td>{change.before}</Table.Td>
                  <Table.Td>{change.after}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
