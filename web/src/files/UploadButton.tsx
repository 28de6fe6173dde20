import { Button, Code, FileButton, Group, Progress, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import prettyBytes from 'pretty-bytes';
import { useRef, useState } from 'react';
import { isApiError, notifySuccess, useUploadFile, type FileTarget } from '../api/index.ts';
import { ConfirmDialog, ErrorAlert } from '../ui/index.ts';
import { childPath, percentOf } from './file-paths.ts';

export interface UploadButtonProps {
  /** The directory the file goes into. */
  directory: FileTarget;
  /** Names already in it: picking one of them asks before anything is sent. */
  existingNames: ReadonlySet<string>;
  where: string;
}

interface Transfer {
  name: string;
  percent: number;
}

/**
 * Upload: pick a file, watch its progress; a file of the same name is replaced only after the
 * user said so, whether the listing showed it or the server refused the upload as existing.
 */
export function UploadButton({ directory, existingNames, where }: UploadButtonProps) {
  const upload = useUploadFile(directory.connection);
  const [transfer, setTransfer] = useState<Transfer>();
  const [replacing, setReplacing] = useState<File>();
  const resetInput = useRef<() => void>(null);
  const cancel = useRef<AbortController>(null);

  const send = (file: File, overwrite: boolean) => {
    setReplacing(undefined);
    setTransfer({ name: file.name, percent: 0 });
    cancel.current = new AbortController();
    upload.mutate(
      {
        target: { ...directory, path: childPath(directory.path, file.name) },
        file,
        overwrite,
        onProgress: (sent, total) => setTransfer({ name: file.name, percent: percentOf(sent, total) }),
        signal: cancel.current.signal,
      },
      {
        onSuccess: (result) => {
          setTransfer({ name: file.name, percent: 100 });
          notifySuccess(`Uploaded ${result.path} (${prettyBytes(result.bytes)}).`);
        },
        onError: (error) => {
          if (isApiError(error) && error.id === 'file_exists') {
            upload.reset();
            setTransfer(undefined);
            setReplacing(file);
          }
        },
      },
    );
  };
  const picked = (file: File | null) => {
    resetInput.current?.();
    if (file === null) return;
    upload.reset();
    if (existingNames.has(file.name)) setReplacing(file);
    else send(file, false);
  };

  return (
    <Stack gap="xs">
      <Group>
        <FileButton onChange={picked} resetRef={resetInput}>
          {(props) => (
            <Button {...props} leftSection={<IconUpload size={16} aria-hidden />} loading={upload.isPending}>
              Upload a file
            </Button>
          )}
        </FileButton>
        {upload.isPending ? (
          <Button variant="default" onClick={() => cancel.current?.abort()}>
            Cancel the upload
          </Button>
        ) : null}
      </Group>
      {transfer === undefined ? null : (
        <Stack gap={4} aria-live="polite">
          <Text size="sm">
            {upload.isPending ? 'Uploading' : upload.isSuccess ? 'Uploaded' : 'Upload of'} <Code>{transfer.name}</Code>: {transfer.percent} %
            {upload.isError ? ', not uploaded' : ''}
          </Text>
          <Progress value={transfer.percent} aria-label={`Upload of ${transfer.name}`} color={upload.isError ? 'red.9' : undefined} />
        </Stack>
      )}
      <ErrorAlert error={upload.error} title="Not uploaded" />
      <ConfirmDialog
        opened={replacing !== undefined}
        title={`Replace ${replacing?.name ?? ''}?`}
        confirmLabel="Replace it"
        onConfirm={() => replacing !== undefined && send(replacing, true)}
        onClose={() => setReplacing(undefined)}
      >
        <Text>
          <Code>{replacing === undefined ? '' : childPath(directory.path, replacing.name)}</Code> already exists on the {where}. Uploading replaces
          it; the file there now is lost.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}
