import { Alert, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconCopy, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ConnectionTypeView, ConnectionView, Mode } from '../api/index.ts';
import { modeLabels } from '../app/mode.tsx';
import type { ConnectionDraft } from './connection-draft.ts';
import { ConfigEditor, TestPanel, type FieldLocation } from '../editor/index.ts';
import { FilesPanel } from '../files/index.ts';
import { HistoryPanel } from '../history/index.ts';

export type ConnectionTab = Mode | 'history' | 'files';

export interface ConfigTabsProps {
  tab: ConnectionTab;
  onTab(tab: ConnectionTab): void;
  draft: ConnectionDraft;
  onDraft(draft: ConnectionDraft): void;
  /** The saved connection; undefined while creating one. */
  saved: ConnectionView | undefined;
  type: ConnectionTypeView | undefined;
  secretNames: string[];
  highlight: Partial<Record<Mode, FieldLocation | null>>;
  onHighlight(mode: Mode, location: FieldLocation | null): void;
  /** Per mode: why the caller may not change that mode's object (their role there), or undefined when they may. */
  readOnly: Record<Mode, string | undefined>;
  onRestored(): void;
}

/** Development and Production objects side by side in tabs, each with its own Test, the history, and the files of a type that holds them. */
export function ConfigTabs(props: ConfigTabsProps) {
  const { tab, onTab, draft, onDraft, saved, type, readOnly } = props;
  // The saved connection's files, as its saved type holds them (not a type chosen in the form but not saved yet).
  const files = saved !== undefined && type?.id === saved.type ? type.files : null;
  const prodUsesDev = draft.prodSource === null;
  const prodHidden = saved?.hiddenSources.includes('prod') === true;
  return (
    <Tabs value={tab} onChange={(value) => onTab((value ?? 'dev') as ConnectionTab)} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="dev">Development</Tabs.Tab>
        <Tabs.Tab value="prod">Production{prodHidden ? ' (hidden)' : prodUsesDev ? ' (uses development)' : ''}</Tabs.Tab>
        {saved === undefined ? null : <Tabs.Tab value="history">History</Tabs.Tab>}
        {files === null ? null : <Tabs.Tab value="files">Files</Tabs.Tab>}
      </Tabs.List>

      <Tabs.Panel value="dev" pt="md">
        <ModeConfig {...props} mode="dev" source={draft.devSource} onSource={(devSource) => onDraft({ ...draft, devSource })} />
      </Tabs.Panel>

      <Tabs.Panel value="prod" pt="md">
        {prodHidden ? (
          <Stack>
            <Alert color="gray" variant="light" title="The production object is hidden from you.">
              <Text size="sm">
                Only those who may change production see its object: it names production hosts and may hold a credential. {readOnly.prod}
              </Text>
            </Alert>
            <ModeTest {...props} mode="prod" source="" savedSource="" />
          </Stack>
        ) : prodUsesDev ? (
          <Stack>
            <Alert color="orange" variant="light" title="No production object: production uses the development object.">
              <Text size="sm">Its secrets resolve to their production values where those are set. Write a production object when production needs different settings.</Text>
              {readOnly.prod !== undefined ? null : (
                <Button mt="sm" leftSection={<IconCopy size={16} aria-hidden />} onClick={() => onDraft({ ...draft, prodSource: draft.devSource })}>
                  Write a production object, starting from the development one
                </Button>
              )}
            </Alert>
            <ModeTest {...props} mode="prod" source={draft.devSource} savedSource={saved?.prodSource === null ? saved.devSource : undefined} />
          </Stack>
        ) : (
          <ModeConfig {...props} mode="prod" source={draft.prodSource ?? ''} onSource={(prodSource) => onDraft({ ...draft, prodSource })}>
            {readOnly.prod !== undefined ? null : (
              <Button variant="subtle" color="red.9" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => onDraft({ ...draft, prodSource: null })}>
                Remove the production object (use development)
              </Button>
            )}
          </ModeConfig>
        )}
      </Tabs.Panel>

      {saved === undefined ? null : (
        <Tabs.Panel value="history" pt="md">
          <HistoryPanel connectionName={saved.name} onRestored={props.onRestored} />
        </Tabs.Panel>
      )}

      {saved === undefined || files === null ? null : (
        <Tabs.Panel value="files" pt="md">
          <FilesPanel connection={saved.name} files={files} />
        </Tabs.Panel>
      )}
    </Tabs>
  );
}

interface ModeProps extends ConfigTabsProps {
  mode: Mode;
  source: string;
}

function ModeConfig(props: ModeProps & { onSource(source: string): void; children?: ReactNode }) {
  const { mode, source, onSource, type, secretNames, highlight, readOnly, children } = props;
  const savedSource = mode === 'dev' ? props.saved?.devSource : (props.saved?.prodSource ?? undefined);
  return (
    <Stack>
      <ConfigEditor
        value={source}
        onChange={onSource}
        mode={mode}
        typeId={type?.id ?? ''}
        jsonSchema={type?.jsonSchema}
        secretFields={type?.secretFields ?? []}
        secretNames={secretNames}
        highlight={highlight[mode] ?? null}
        ariaLabel={`${modeLabels[mode]} object`}
        readOnly={readOnly[mode] !== undefined}
      />
      {readOnly[mode] === undefined ? null : (
        <Text size="sm" c="dimmed">
          Read-only for you. {readOnly[mode]}
        </Text>
      )}
      <Group justify="space-between" align="flex-start">
        <ModeTest {...props} savedSource={savedSource} />
        {children}
      </Group>
    </Stack>
  );
}

function ModeTest({ mode, source, savedSource, saved, type, onHighlight }: ModeProps & { savedSource: string | undefined }) {
  const unchanged = saved !== undefined && savedSource === source && saved.type === type?.id;
  return (
    <TestPanel
      typeId={type?.id ?? ''}
      source={source}
      mode={mode}
      connectionName={unchanged ? saved.name : undefined}
      onHighlight={(location) => onHighlight(mode, location)}
    />
  );
}
