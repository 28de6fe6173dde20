import { Alert, Button, Code, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconPlugConnected } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTestConnection, useTestDraft, type ConnectionTestOutcome, type Mode } from '../api/index.ts';
import { modeLabels } from '../app/mode.tsx';
import { useSession } from '../app/session.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import type { FieldLocation } from './highlight-field.ts';
import { chooseTest, sameSource } from './test-choice.ts';
import { detailLabel, durationText, outcomeLocation } from './test-outcome.ts';
import { TestSteps } from './TestSteps.tsx';

export interface TestPanelProps {
  typeId: string;
  /** The text in the editor now, saved or not: that is what gets tested. */
  source: string;
  mode: Mode;
  /** Set for a saved connection: while the editor holds its saved text, that is tested as saved, which operators may do too. */
  connectionName?: string;
  /** The text saved for this mode; when given, an editor text that differs from it is tested as a draft. */
  savedSource?: string | null;
  /** Called with where the likely wrong field is (or the syntax error), and with null when a new test starts. */
  onHighlight(location: FieldLocation | null): void;
}

/**
 * The Test button and its result: tests exactly what is in the editor, without saving, and says
 * what failed, which field is likely wrong (the editor marks it) and what to do about it.
 */
export function TestPanel({ typeId, source, mode, connectionName, savedSource, onHighlight }: TestPanelProps) {
  const session = useSession();
  const draft = useTestDraft();
  const saved = useTestConnection(connectionName ?? '');
  const [result, setResult] = useState<{ outcome: ConnectionTestOutcome; testedSource: string; kind: 'draft' | 'saved' } | null>(null);
  const unchanged = connectionName !== undefined && (savedSource === undefined || sameSource(source, savedSource));
  const choice = chooseTest({ canWrite: session.can('write', mode), canRun: session.can('run', mode), connectionName, unchanged });
  const pending = draft.isPending || saved.isPending;
  const error = draft.error ?? saved.error;

  async function runTest() {
    if (choice.kind === 'blocked') return;
    onHighlight(null);
    setResult(null);
    draft.reset();
    saved.reset();
    const testedSource = source;
    try {
      const outcome =
        choice.kind === 'saved' ? await saved.mutateAsync({ mode }) : await draft.mutateAsync({ type: typeId, source: testedSource, mode });
      setResult({ outcome, testedSource, kind: choice.kind });
      onHighlight(outcomeLocation(outcome, testedSource));
    } catch {
      // The mutation keeps the error; it is shown below in words.
    }
  }

  return (
    <Stack gap="sm" aria-live="polite">
      <Group gap="sm">
        <Button leftSection={<IconPlugConnected size={18} aria-hidden />} onClick={runTest} loading={pending} disabled={choice.kind === 'blocked'}>
          Test {modeLabels[mode].toLowerCase()} config
        </Button>
        <Text size="sm" c="dimmed">
          {choice.kind === 'saved' && 'Tests the saved config; its result is kept as the last test.'}
          {choice.kind === 'draft' && 'Tests the text in the editor now, without saving it.'}
        </Text>
      </Group>
      {choice.kind === 'blocked' && (
        <Alert color="gray" variant="light" title="Test not available">
          {choice.reason}
        </Alert>
      )}
      {pending && <TestProgress mode={mode} />}
      <ErrorAlert error={error} title="The test could not run" />
      {result && <TestResultView {...result} onShowField={(location) => onHighlight(location)} />}
    </Stack>
  );
}

function TestProgress({ mode }: { mode: Mode }) {
  const started = useRef(Date.now());
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setElapsed(Date.now() - started.current), 250);
    return () => clearInterval(timer);
  }, []);
  return (
    <Group gap="sm" role="status">
      <Loader size="sm" aria-hidden />
      <Text size="sm">
        Connecting with the {modeLabels[mode].toLowerCase()} config… {durationText(elapsed)}
      </Text>
    </Group>
  );
}

interface TestResultViewProps {
  outcome: ConnectionTestOutcome;
  testedSource: string;
  kind: 'draft' | 'saved';
  onShowField(location: FieldLocation): void;
}

function TestResultView({ outcome, testedSource, kind, onShowField }: TestResultViewProps) {
  const location = outcomeLocation(outcome, testedSource);
  const details = Object.entries(outcome.details ?? {});
  const fallback = outcome.prodUsesDev ? ' Production has no config of its own, so the development config was tested.' : '';
  const what = kind === 'draft' ? 'the editor text' : 'the saved config';
  if (outcome.ok) {
    return (
      <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={`Connected: ${what} works (${durationText(outcome.durationMs)})`}>
        <Stack gap="xs">
          <Text size="sm">
            {outcome.message}
            {fallback}
          </Text>
          {details.length > 0 && (
            <Table withRowBorders={false} verticalSpacing={2} aria-label="What the test learned">
              <Table.Tbody>
                {details.map(([key, value]) => (
                  <Table.Tr key={key}>
                    <Table.Th fw={500} w="12rem">
                      {detailLabel(key)}
                    </Table.Th>
                    <Table.Td>{String(value)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <TestSteps steps={outcome.steps} />
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconCircleX aria-hidden />} title={`Test failed: ${outcome.code.replaceAll('_', ' ')} (${durationText(outcome.durationMs)})`}>
      <Stack gap="xs">
        <Text size="sm">
          {outcome.hint ? outcome.message.replace(` Hint: ${outcome.hint}`, '') : outcome.message}
          {fallback}
        </Text>
        {(outcome.field || location) && (
          <Group gap="xs">
            <Text size="sm">
              {outcome.field ? (
                <>
                  Likely wrong: <Code>{outcome.field}</Code>
                  {location && ` (line ${location.line}, column ${location.column})`}
                </>
              ) : (
                location && `${outcome.code === 'config_syntax' ? 'The problem is' : 'The missing secret is used'} at line ${location.line}, column ${location.column}`
              )}
            </Text>
            {location && (
              <Button size="compact-xs" variant="light" color="red" onClick={() => onShowField(location)}>
                Show in editor
              </Button>
            )}
          </Group>
        )}
        {outcome.hint && (
          <Text size="sm">
            <strong>What to do:</strong> {outcome.hint}
          </Text>
        )}
        <TestSteps steps={outcome.steps} />
      </Stack>
    </Alert>
  );
}
