import { Anchor, Autocomplete, Badge, Button, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Mode } from '../api/index.ts';
import { modeLabels } from '../app/mode.tsx';
import { useSession } from '../app/session.tsx';
import { useBlocks } from '../blocks/blocks-api.ts';
import { durationText } from '../editor/test-outcome.ts';
import { ColumnHeads } from '../ui/ColumnHeads.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { RelativeTime } from '../ui/RelativeTime.tsx';
import { statusColors, statusLabels, targetLabel } from './run-format.ts';
import { RunDetail } from './RunDetail.tsx';
import { useRuns, type RunListFilter, type RunStatus } from './runs-api.ts';

const statuses: RunStatus[] = ['ok', 'error', 'timeout', 'memory'];

/** The Runs page: every recorded run, filtered by target, status and mode; `/runs/:id` shows one. */
export function RunsPage() {
  const { id } = useParams();
  const session = useSession();
  if (!session.can('run')) {
    return (
      <>
        <PageTitle title="Runs" />
        <Text>Run records hold what blocks read and returned, so only operators, editors and admins can see them.</Text>
      </>
    );
  }
  return id === undefined ? <RunList /> : <RunDetail id={id} />;
}

function RunList() {
  const [params, setParams] = useSearchParams();
  const filter: RunListFilter = {
    ...(params.get('target') ? { target: params.get('target')! } : {}),
    ...(params.get('status') ? { status: params.get('status') as RunStatus } : {}),
    ...(params.get('mode') ? { mode: params.get('mode') as Mode } : {}),
    limit: 200,
  };
  const runs = useRuns(filter);
  const blocks = useBlocks();
  const filtered = params.size > 0;

  function setFilter(key: 'target' | 'status' | 'mode', value: string | null) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  }

  // Typing a name asks the server once the typing pauses, not at every key.
  const setTarget = useDebouncedCallback((value: string) => setFilter('target', value.trim() || null), 300);

  return (
    <>
      <PageTitle title="Runs" description="Every execution of a block or operation, newest first: status, outputs, console." />
      <Group align="flex-end" mb="md" wrap="wrap">
        <Autocomplete
          label="Block or operation"
          placeholder="block name, or connection/operation"
          data={blocks.data?.map((block) => block.name) ?? []}
          defaultValue={filter.target ?? ''}
          onChange={setTarget}
          w="18rem"
        />
        <Select
          label="Status"
          placeholder="any"
          clearable
          data={statuses.map((status) => ({ value: status, label: statusLabels[status] }))}
          value={filter.status ?? null}
          onChange={(value) => setFilter('status', value)}
          w="11rem"
        />
        <Select
          label="Mode"
          placeholder="any"
          clearable
          data={(['dev', 'prod'] as const).map((mode) => ({ value: mode, label: modeLabels[mode] }))}
          value={filter.mode ?? null}
          onChange={(value) => setFilter('mode', value)}
          w="11rem"
        />
        {filtered && (
          <Button variant="subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear filters
          </Button>
        )}
      </Group>
      {runs.isPending && <Loader size="sm" aria-label="Loading runs" />}
      <ErrorAlert error={runs.error} title="Cannot load runs" />
      {runs.data && runs.data.length === 0 && (
        <Stack gap="xs" align="flex-start">
          {filtered ? (
            <Text>No runs match these filters.</Text>
          ) : (
            <>
              <Text>No runs yet. Every run of a block or an operation is recorded here, with its output and console.</Text>
              <Button component={Link} to="/blocks" variant="light">
                Write and run a block
              </Button>
            </>
          )}
        </Stack>
      )}
      {runs.data && runs.data.length > 0 && (
        <Table striped highlightOnHover aria-label="Runs, newest first">
          <ColumnHeads names={['Status', 'What ran', 'Mode', 'Started', 'Duration', 'By']} />
          <Table.Tbody>
            {runs.data.map((run) => (
              <Table.Tr key={run.id}>
                <Table.Td>
                  <Badge color={statusColors[run.status]} variant="light">
                    {statusLabels[run.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/runs/${encodeURIComponent(run.id)}`}>
                    {targetLabel(run.target)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{modeLabels[run.mode]}</Table.Td>
                <Table.Td>
                  <RelativeTime at={run.startedAt} />
                </Table.Td>
                <Table.Td>{durationText(run.durationMs)}</Table.Td>
                <Table.Td>{run.startedBy}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
