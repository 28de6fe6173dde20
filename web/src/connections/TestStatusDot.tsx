import { Box, Group, Text, Tooltip } from '@mantine/core';
import type { Mode, TestStatus } from '../api/index.ts';
import { modeLabels } from '../app/mode.tsx';
import { relativeTime } from '../ui/index.ts';

/** The last test of one mode: a coloured dot and when; hover or focus shows the message. */
export function TestStatusDot({ mode, status }: { mode: Mode; status: TestStatus | undefined }) {
  if (status === undefined) {
    return (
      <Group gap={6} wrap="nowrap">
        <Dot color="var(--mantine-color-gray-5)" />
        <Text size="sm" c="dimmed">
          not tested
        </Text>
      </Group>
    );
  }
  const outcome = status.ok ? 'passed' : `failed (${status.code})`;
  const when = relativeTime(status.at);
  return (
    <Tooltip label={`${modeLabels[mode]} test ${outcome} ${when}: ${status.message}`} multiline w={320} withArrow>
      <Group gap={6} wrap="nowrap" tabIndex={0} aria-label={`${modeLabels[mode]} test ${outcome} ${when}: ${status.message}`}>
        <Dot color={status.ok ? 'var(--mantine-color-green-7)' : 'var(--mantine-color-red-7)'} />
        <Text size="sm">{when}</Text>
      </Group>
    </Tooltip>
  );
}

function Dot({ color }: { color: string }) {
  return <Box component="span" aria-hidden w={10} h={10} bg={color} style={{ borderRadius: '50%', flex: 'none' }} />;
}
