import { Alert, Center, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useFileListing, type ConnectionTypeView, type FileTarget } from '../api/index.ts';
import { modeLabels, useMode } from '../app/mode.tsx';
import { useSession } from '../app/session.tsx';
import { ErrorAlert } from '../ui/index.ts';
import { FileBreadcrumbs } from './FileBreadcrumbs.tsx';
import { topPath } from './file-paths.ts';
import { FileTable } from './FileTable.tsx';
import { UploadButton } from './UploadButton.tsx';

export interface FilesPanelProps {
  connection: string;
  /** What the connection's type says about its files: whether it names a bucket or container. */
  files: NonNullable<ConnectionTypeView['files']>;
}

/** The file browser of a file-capable connection, in the mode the user works in; every use needs `run` there. */
export function FilesPanel({ connection, files }: FilesPanelProps) {
  const { mode } = useMode();
  const session = useSession();
  const refused = session.whyNot('run', mode);
  if (refused !== undefined) {
    return (
      <Alert color="gray" variant="light" title={`You cannot browse these files in ${modeLabels[mode].toLowerCase()}.`}>
        <Text size="sm">Listing, downloading, uploading and deleting files use the connection like a run. {refused}</Text>
      </Alert>
    );
  }
  // Keyed by mode: another mode is another server or bucket, so the browser starts again at its top.
  return <FileBrowser key={mode} connection={connection} files={files} />;
}

function FileBrowser({ connection, files }: FilesPanelProps) {
  const { mode } = useMode();
  const [path, setPath] = useState(topPath);
  const [locationText, setLocationText] = useState('');
  const [location] = useDebouncedValue(locationText.trim(), 400);
  const directory: FileTarget = { connection, mode, path, location: location === '' ? undefined : location };
  const listing = useFileListing(directory);
  const entries = listing.data?.entries;
  const existingNames = useMemo(() => new Set((entries ?? []).filter((entry) => entry.type === 'file').map((entry) => entry.name)), [entries]);
  const where = listing.data?.label ?? (files.location === null ? 'server' : files.location.name);
  const topLabel = files.location === null ? 'Home' : location === '' ? `The connection's ${files.location.name}` : location;

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Files in {modeLabels[mode].toLowerCase()}
        {listing.data === undefined ? '' : `, on the ${listing.data.label}`}.
      </Text>
      {files.location === null ? null : (
        <TextInput
          label={`${files.location.name[0]?.toUpperCase() ?? ''}${files.location.name.slice(1)}`}
          description={files.location.description}
          placeholder={`The connection's ${files.location.name}`}
          value={locationText}
          onChange={(event) => {
            setLocationText(event.currentTarget.value);
            setPath(topPath);
          }}
          // The browser sits in the connection's form: Enter here must not save the connection.
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.preventDefault();
          }}
          w={320}
        />
      )}
      <Group justify="space-between" align="flex-start">
        <FileBreadcrumbs path={path} topLabel={topLabel} onPath={setPath} />
        <UploadButton directory={directory} existingNames={existingNames} where={where} />
      </Group>
      <ErrorAlert error={listing.error} title="Cannot list the files" />
      {listing.isPending ? (
        <Center p="md">
          <Loader aria-label="Loading the files" />
        </Center>
      ) : entries === undefined ? null : (
        <FileTable directory={directory} entries={entries} where={where} onOpen={setPath} />
      )}
    </Stack>
  );
}
