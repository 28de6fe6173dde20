import { Anchor, Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import type { EditorView } from '@codemirror/view';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useConnections, useSecrets, type Mode } from '../api/index.ts';
import { modeLabels, useMode } from '../app/mode.tsx';
import { useSession } from '../app/session.tsx';
import { CodeEditor } from '../editor/CodeEditor.tsx';
import { refreshLint } from '../editor/lint-refresh.ts';
import { RunResult } from '../runs/RunResult.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { blockExtensions, inputsExtensions, type BlockEditorContext } from './block-extensions.ts';
import { parseInputs } from './block-inputs.ts';
import { useRunBlock, type BlockView } from './blocks-api.ts';
import { BlockSaveBar } from './BlockSaveBar.tsx';

const newBlockCode = `async function (input) {
  consoleMsg('got', input);
  return { received: input };
}
`;

export interface BlockWorkbenchProps {
  /** The saved block being edited; undefined for a new one. */
  saved: BlockView | undefined;
  existingNames: readonly string[];
  onSaved(name: string): void;
  onDeleted(): void;
}

/** One block: its code, the inputs to run it with, the mode, Run, Save and Delete, and the last run's result. */
export function BlockWorkbench({ saved, existingNames, onSaved, onDeleted }: BlockWorkbenchProps) {
  const session = useSession();
  const { mode: headerMode } = useMode();
  const [code, setCode] = useState(saved?.code ?? newBlockCode);
  const [inputsText, setInputsText] = useState(saved ? '[]' : '[{ "id": 1 }]');
  const [mode, setMode] = useState<Mode>(headerMode);
  const run = useRunBlock();
  const inputs = parseInputs(inputsText);
  const dirty = saved === undefined || code !== saved.code;
  // Code not saved runs as code sent with the request: that takes write in the mode, a saved block only run.
  const writeRefusal = session.whyNot('write', mode);
  const runRefusal = dirty
    ? writeRefusal === undefined ? undefined : `Running unsaved code: ${writeRefusal}`
    : session.whyNot('run', mode);

  const connections = useConnections();
  const secrets = useSecrets();
  const context = useRef<BlockEditorContext>({ connections: undefined, secretNames: undefined });
  useLayoutEffect(() => {
    context.current = { connections: connections.data, secretNames: secrets.data?.map((secret) => secret.name) };
  });
  const extensions = useMemo(() => blockExtensions(() => context.current), []);
  const [codeView, setCodeView] = useState<EditorView | null>(null);
  // Names of connections and secrets arrive after the code: check it again against them.
  useEffect(() => {
    codeView?.dispatch({ effects: refreshLint.of(null) });
  }, [codeView, connections.data, secrets.data]);

  function start() {
    if (!inputs.ok) return;
    run.mutate({ ...(dirty || !saved ? {} : { savedName: saved.name }), code, request: { inputs: inputs.inputs, mode } });
  }

  return (
    <Stack gap="md">
      <BlockSaveBar saved={saved} code={code} existingNames={existingNames} onSaved={onSaved} onDeleted={onDeleted} />
      <div>
        <Text size="sm" fw={500}>
          Code
        </Text>
        <CodeEditor
          value={code}
          onChange={setCode}
          extensions={extensions}
          ariaLabel={saved ? `Code of block ${saved.name}` : 'Code of the new block'}
          describedBy="block-code-help"
          minHeight="16rem"
          readOnly={!session.can('run')}
          onView={setCodeView}
        />
        <Text id="block-code-help" size="xs" c="dimmed" mt={4}>
          One function; its arguments are the inputs. Type connections., secrets., sysLog. or Ctrl-Space for names. Tab indents;
          press Esc, then Tab, to move on.
        </Text>
      </div>
      <div>
        <Text size="sm" fw={500}>
          Inputs
        </Text>
        <CodeEditor
          value={inputsText}
          onChange={setInputsText}
          extensions={inputsExtensions}
          ariaLabel="Inputs: a JSON array of the block's arguments"
          describedBy="block-inputs-help"
          minHeight="3rem"
        />
        {inputs.ok ? (
          <Text id="block-inputs-help" size="xs" c="dimmed" mt={4}>
            A JSON array: its items are the function's arguments, in order. [] runs it without arguments.
          </Text>
        ) : (
          <Text id="block-inputs-help" size="sm" c="red" mt={4} role="alert">
            {inputs.message}
          </Text>
        )}
      </div>
      {session.can('run') ? (
        <Group gap="md" align="center">
          <SegmentedControl
            aria-label="Mode of the run"
            value={mode}
            onChange={(value) => setMode(value as Mode)}
            color={mode === 'prod' ? 'red.9' : 'blue.8'}
            data={(['dev', 'prod'] as const).map((value) => ({ value, label: modeLabels[value] }))}
          />
          <Button
            leftSection={<IconPlayerPlay size={16} aria-hidden />}
            onClick={start}
            loading={run.isPending}
            disabled={!inputs.ok || runRefusal !== undefined}
            title={runRefusal}
            color={mode === 'prod' ? 'red.9' : undefined}
          >
            Run in {modeLabels[mode].toLowerCase()}
          </Button>
          <Text size="sm" c={runRefusal === undefined ? 'dimmed' : 'orange.9'}>
            {runRefusal ?? (dirty ? 'Runs the code in the editor, unsaved.' : `Runs the saved block (version ${saved?.version}).`)}
          </Text>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          Your role can read blocks but not run them; an operator, editor or admin can.
        </Text>
      )}
      <ErrorAlert error={run.error} title="The run could not start" />
      {run.data && (
        <section aria-labelledby="block-run-title" aria-live="polite">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4" id="block-run-title">
              Last run
            </Title>
            <Anchor component={Link} to={`/runs/${encodeURIComponent(run.data.id)}`} size="sm">
              Open in Runs
            </Anchor>
          </Group>
          <RunResult run={run.data} headingLevel={3} />
        </section>
      )}
    </Stack>
  );
}
