import { Alert, Badge, Code, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ConsoleLine, RunRecord } from '../../../src/service/run-types.ts';
import { modeLabels } from '../app/mode.tsx';
import { durationText } from '../editor/test-outcome.ts';
import { absoluteTime } from '../ui/time.ts';
import { failureTitles, statusColors, statusLabels, targetLabel, valueText } from './run-format.ts';

const levelColors: Record<ConsoleLine['level'], string> = { log: 'gray', info: 'blue', warn: 'yellow', error: 'red' };

/** Everything a run recorded: how it ended, what it sent on each edge, its return value and its console. */
export function RunResult({ run, headingLevel = 2 }: { run: RunRecord; headingLevel?: 2 | 3 }) {
  const sub = (headingLevel + 1) as 3 | 4;
  return (
    <Stack gap="md">
      <Group gap="sm">
        <Badge size="lg" color={statusColors[run.status]} variant="filled" radius="sm">
          {statusLabels[run.status]}
        </Badge>
        <Text size="sm">
          {targetLabel(run.target)} · {modeLabels[run.mode]} · {durationText(run.durationMs)} · by {run.startedBy} ·{' '}
          <time dateTime={run.startedAt}>{absoluteTime(run.startedAt)}</time>
        </Text>
      </Group>
      {run.truncated && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Cut to the size limit">
          This run produced more data than a run record keeps, so its outputs, result or console lines were cut.
        </Alert>
      )}
      {run.error && (
        <Alert color="red" variant="light" title={run.status === 'ok' ? 'The run reported an error' : failureTitles[run.status]} role="alert">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {run.error.message}
          </Text>
          {run.error.stack && (
            <Code block mt="xs">
              {run.error.stack}
            </Code>
          )}
        </Alert>
      )}
      <section>
        <Title order={headingLevel} size="h5" mb={4}>
          Outputs
        </Title>
        {run.outputs.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing was sent to an output edge.
          </Text>
        ) : (
          <Stack gap="xs">
            {run.outputs.map((output) => (
              <div key={output.edge}>
                <Title order={sub} size="h6">
                  Edge {output.edge} · {output.items.length} item{output.items.length === 1 ? '' : 's'}
                </Title>
                <JsonBlock value={output.items} label={`Items sent to edge ${output.edge}`} />
              </div>
            ))}
          </Stack>
        )}
      </section>
      <section>
        <Title order={headingLevel} size="h5" mb={4}>
          Result
        </Title>
        <JsonBlock value={run.result} label="Return value" />
      </section>
      <section>
        <Title order={headingLevel} size="h5" mb={4}>
          Console
        </Title>
        <ConsoleLines lines={run.console} />
      </section>
      {run.stats && Object.keys(run.stats).length > 0 && (
        <Text size="sm" c="dimmed">
          {Object.entries(run.stats)
            .map(([key, value]) => `${key}: ${value}`)
            .join(' · ')}
        </Text>
      )}
    </Stack>
  );
}

function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <ScrollArea.Autosize mah="20rem" type="auto" aria-label={label} tabIndex={0}>
      <Code block>{valueText(value)}</Code>
    </ScrollArea.Autosize>
  );
}

function ConsoleLines({ lines }: { lines: ConsoleLine[] }) {
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No console lines. Write some with consoleMsg(…) or console.log(…).
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah="20rem" type="auto">
      <Table verticalSpacing={2} aria-label="Console lines" ff="monospace" fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="5rem">Level</Table.Th>
            <Table.Th w="8rem">Time</Table.Th>
            <Table.Th>Text</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => (
            <Table.Tr key={index}>
              <Table.Td>
                <Badge size="xs" color={levelColors[line.level]} variant="light">
                  {line.level}
                </Badge>
              </Table.Td>
              <Table.Td>
                <time dateTime={line.at}>{new Date(line.at).toLocaleTimeString()}</time>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{line.text}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
