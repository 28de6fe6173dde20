import { Alert, Anchor, Button, Group, Paper, Stack } from '@mantine/core';
import { IconArrowLeft, IconDeviceFloppy, IconRefresh } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import {
  encodeName,
  isApiError,
  notifySuccess,
  queryKeys,
  useConnectionTypes,
  useCreateConnection,
  useSecretNames,
  useUpdateConnection,
  type ConnectionTypeView,
  type ConnectionView,
  type Mode,
  type SaveResult,
  type Warning,
} from '../api/index.ts';
import { useMode } from '../app/mode.tsx';
import { useSession } from '../app/session.tsx';
import { ErrorAlert, PageTitle } from '../ui/index.ts';
import { ConfigTabs, type ConnectionTab } from './ConfigTabs.tsx';
import { ConnectionFields } from './ConnectionFields.tsx';
import { createInput, draftOf, emptyDraft, errorLocation, isDirty, typeProblem, updateInput, withType, type ConnectionDraft } from './connection-draft.ts';
import { DeleteConnectionButton } from './DeleteConnectionButton.tsx';
import type { FieldLocation } from '../editor/index.ts';
import { UnsavedChangesGuard } from './UnsavedChangesGuard.tsx';
import { SaveWarnings } from './SaveWarnings.tsx';

export interface ConnectionFormProps {
  /** The saved connection this form started from; undefined for a new one. */
  saved: ConnectionView | undefined;
  /** The connection as the server has it now, to notice someone else's save. */
  latest: ConnectionView | undefined;
  onReload(): Promise<void>;
}

// One empty list while the types load, so the type picker's options are not rebuilt at every render.
const noTypes: ConnectionTypeView[] = [];

export function ConnectionForm({ saved, latest, onReload }: ConnectionFormProps) {
  const session = useSession();
  const { mode } = useMode();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const types = useConnectionTypes();
  const secretNames = useSecretNames();
  // The version this form edits: moves only with our own saves, so another user's save is a conflict, never overwritten.
  const [baseline, setBaseline] = useState(saved);
  const [draft, setDraft] = useState<ConnectionDraft>(saved === undefined ? emptyDraft : draftOf(saved));
  const [tab, setTab] = useState<ConnectionTab>(mode);
  const [highlight, setHighlight] = useState<Partial<Record<Mode, FieldLocation | null>>>({});
  // A create moves to the new connection's address; its warnings come along in the navigation state.
  const routerLocation = useLocation();
  const [warnings, setWarnings] = useState<Warning[]>((routerLocation.state as { warnings?: Warning[] } | null)?.warnings ?? []);
  const leaving = useRef(false);
  const create = useCreateConnection();
  const update = useUpdateConnection(baseline?.name ?? '');
  const saving = create.isPending || update.isPending;
  const saveError = create.error ?? update.error;
  const conflict = isApiError(saveError) && saveError.id === 'version_conflict' ? saveError : undefined;

  const examples = useMemo(() => new Map((types.data ?? []).map((type) => [type.id, type.example])), [types.data]);
  const type = types.data?.find((candidate) => candidate.id === draft.type);
  // A new connection has a config in both modes; an existing one may be changed in the modes the caller may write.
  const canWrite = baseline === undefined ? session.can('write') : session.can('write', 'dev') || session.can('write', 'prod');
  const prodUsesDev = draft.prodSource === null && baseline?.hiddenSources.includes('prod') !== true;
  const sourceReadOnly = {
    dev:
      session.whyNot('write', 'dev') ??
      (prodUsesDev && session.whyNot('write', 'prod') !== undefined ? `Production uses this object too. ${session.whyNot('write', 'prod')}` : undefined),
    prod: session.whyNot('write', 'prod'),
  };
  const dirty = isDirty(draft, baseline);
  const missingType = typeProblem(draft, baseline);
  const canSave = canWrite && dirty && missingType === undefined;
  const newerElsewhere = baseline !== undefined && latest !== undefined && latest.version > baseline.version && conflict === undefined;

  useEffect(() => setTab(mode), [mode]);

  const showLocation = (forMode: Mode, location: FieldLocation) => {
    setTab(forMode);
    setHighlight({ [forMode]: location });
  };
  const afterSave = (result: SaveResult) => {
    queryClient.setQueryData(queryKeys.connection(result.connection.name), result.connection);
    setWarnings(result.warnings);
    setHighlight({});
    notifySuccess(`Saved "${result.connection.name}" (version ${result.connection.version}).`);
  };
  const refused = (error: unknown) => {
    const location = errorLocation(error);
    if (location !== undefined) showLocation(location.mode, { line: location.line, column: location.column });
  };

  const save = () => {
    create.reset();
    update.reset();
    if (baseline === undefined) {
      create.mutate(createInput(draft), {
        onSuccess: (result) => {
          afterSave(result);
          leaving.current = true;
          void navigate(`/connections/${encodeName(result.connection.name)}`, { replace: true, state: { warnings: result.warnings } });
        },
        onError: refused,
      });
    } else {
      update.mutate(updateInput(draft, baseline), {
        onSuccess: (result) => {
          afterSave(result);
          setBaseline(result.connection);
          setDraft(draftOf(result.connection));
        },
        onError: refused,
      });
    }
  };

  if (baseline === undefined && !canWrite) {
    return (
      <Stack>
        <PageTitle title="New connection" />
        <Alert color="yellow">You cannot create connections: a new connection has a config in both modes. {session.whyNot('write')}</Alert>
      </Stack>
    );
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (canSave && !saving) save();
      }}
    >
      <UnsavedChangesGuard dirty={dirty} leaving={leaving} />
      <Anchor component={Link} to="/connections" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Connections
        </Group>
      </Anchor>
      <PageTitle
        title={baseline === undefined ? 'New connection' : baseline.name}
        description={baseline === undefined ? 'Name it, choose its type, then write its object.' : `Version ${baseline.version}`}
        actions={
          canWrite ? (
            <>
              {baseline === undefined ? null : <DeleteConnectionButton name={baseline.name} onDeleted={() => (leaving.current = true)} />}
              <Button type="submit" leftSection={<IconDeviceFloppy size={16} aria-hidden />} loading={saving} disabled={!canSave}>
                {baseline === undefined ? 'Create' : 'Save'}
              </Button>
            </>
          ) : undefined
        }
      />
      <Stack>
        {conflict !== undefined ? (
          <Alert color="red" title="Someone else saved this connection meanwhile" role="alert">
            {conflict.message} Your changes are still here; reloading replaces them with the saved version.
            <Group mt="sm">
              <Button leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => void onReload()}>
                Reload the saved version
              </Button>
            </Group>
          </Alert>
        ) : (
          <ErrorAlert error={saveError} title="Not saved" />
        )}
        {newerElsewhere ? (
          <Alert color="yellow" title={`A newer version (${latest.version}) was saved by ${latest.updatedBy}`}>
            Saving now will be refused as a conflict.{' '}
            <Anchor component="button" type="button" onClick={() => void onReload()}>
              Reload it
            </Anchor>
          </Alert>
        ) : null}
        <SaveWarnings warnings={warnings} onShow={showLocation} />
        <Paper withBorder p="md" className="ziggy-panel">
          <ConnectionFields
            draft={draft}
            isNew={baseline === undefined}
            identifier={baseline?.identifier}
            types={types.data ?? noTypes}
            typeError={missingType}
            readOnly={!canWrite}
            onDraft={setDraft}
            onType={(typeId) => setDraft(withType(draft, typeId, examples))}
          />
        </Paper>
        <Paper withBorder p="md" className="ziggy-panel">
          <ConfigTabs
            tab={tab}
            onTab={setTab}
            draft={draft}
            onDraft={setDraft}
            saved={baseline}
            type={type}
            secretNames={secretNames}
            highlight={highlight}
            onHighlight={(forMode, location) => setHighlight((current) => ({ ...current, [forMode]: location }))}
            readOnly={sourceReadOnly}
            onRestored={() => void onReload()}
          />
        </Paper>
      </Stack>
    </form>
  );
}
