import { Anchor, Group, Table, Text } from '@mantine/core';
import { IconDownload, IconFile, IconFolder } from '@tabler/icons-react';
import prettyBytes from 'pretty-bytes';
import { filesApi, type FileEntry, type FileTarget } from '../api/index.ts';
import { ColumnHeads, RelativeTime } from '../ui/index.ts';
import { DeleteFileButton } from './DeleteFileButton.tsx';

export interface FileTableProps {
  /** The directory listed: connection, mode, location and its path. */
  directory: FileTarget;
  entries: FileEntry[];
  /** Where the files are, in words: `SFTP server`, `S3 bucket reports`. */
  where: string;
  onOpen(path: string): void;
}

/** Directories before files; each group keeps the server's order (by name). */
const directoriesFirst = (entries: FileEntry[]): FileEntry[] =>
  entries.toSorted((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory'));

/** A directory's entries: directories open on click, files download and can be deleted. */
export function FileTable({ directory, entries, where, onOpen }: FileTableProps) {
  if (entries.length === 0) {
    return (
      <Text c="dimmed" p="md">
        This folder is empty.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Files">
        <ColumnHeads names={['Name', 'Size', 'Modified', 'Actions']} />
        <Table.Tbody>
          {directoriesFirst(entries).map((entry) => {
            const target = { ...directory, path: entry.path };
            return (
              <Table.Tr key={entry.path}>
                <Table.Td>
                  {entry.type === 'directory' ? (
                    <Anchor component="button" type="button" onClick={() => onOpen(entry.path)} aria-label={`Open folder ${entry.name}`}>
                      <Group gap={6} component="span" wrap="nowrap">
                        <IconFolder size={16} aria-hidden />
                        {entry.name}
                      </Group>
                    </Anchor>
                  ) : (
                    <Group gap={6} wrap="nowrap">
                      <IconFile size={16} aria-hidden />
                      <Text size="sm">{entry.name}</Text>
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.type === 'directory' ? '—' : prettyBytes(entry.size)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.modifiedAt === undefined ? '—' : <RelativeTime at={entry.modifiedAt} />}</Text>
                </Table.Td>
                <Table.Td>
                  {entry.type === 'file' ? (
                    <Group gap={4} wrap="nowrap">
                      <Anchor href={filesApi.contentUrl(target)} download={entry.name} size="sm" aria-label={`Download ${entry.name}`}>
                        <Group gap={4} component="span" wrap="nowrap">
                          <IconDownload size={16} aria-hidden />
                          Download
                        </Group>
                      </Anchor>
                      <DeleteFileButton target={target} name={entry.name} where={where} />
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
