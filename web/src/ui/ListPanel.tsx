import { Center, Group, Loader, MultiSelect, Paper, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { ColumnHeads } from './ColumnHeads.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import { matchesSearchAndTags, tagsIn, type Listed } from './list-filter.ts';

export interface ListFilter {
  search: string;
  setSearch(search: string): void;
  tags: string[];
  setTags(tags: string[]): void;
  allTags: string[];
  matches(item: Listed): boolean;
}

/** The search text and chosen tags of a list page, and whether an item passes them. */
export function useListFilter(items: readonly Listed[]): ListFilter {
  const [search, setSearch] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const allTags = useMemo(() => tagsIn(items), [items]);
  return { search, setSearch, tags, setTags, allTags, matches: (item) => matchesSearchAndTags(item, search, tags) };
}

export interface ListPanelProps {
  /** E.g. "Connections": names the table and its loader. */
  title: string;
  loading: boolean;
  /** The list loaded and holds nothing: the empty state shows instead of filters and table. */
  nothingYet: boolean;
  /** Says how to make the first item. */
  emptyState: ReactNode;
  filter: ListFilter;
  /** Filters of this list alone, shown between the search and the tags. */
  extraFilters?: ReactNode;
  /** Column names; `false` leaves a column out. */
  columns: ReadonlyArray<string | false>;
  rows: ReactNode;
  shownCount: number;
  /** Said under the table when items exist but none pass the filters. */
  noMatch: string;
}

/** A list page's body: a loader, the empty state, or search and tag filters over a table. */
export function ListPanel(props: ListPanelProps) {
  const { title, loading, nothingYet, emptyState, filter, extraFilters, columns, rows, shownCount, noMatch } = props;
  if (loading) {
    return (
      <Center p="xl">
        <Loader aria-label={`Loading the ${title.toLowerCase()}`} />
      </Center>
    );
  }
  if (nothingYet) {
    return (
      <Paper withBorder p="xl" className="ziggy-panel">
        {emptyState}
      </Paper>
    );
  }
  return (
    <Paper withBorder className="ziggy-panel">
      <Group p="md" gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name or description"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filter.search}
          onChange={(event) => filter.setSearch(event.currentTarget.value)}
          w={260}
        />
        {extraFilters}
        <MultiSelect
          label="Tags"
          placeholder={filter.tags.length === 0 ? 'Any tag' : undefined}
          data={filter.allTags}
          value={filter.tags}
          onChange={filter.setTags}
          clearable
          w={240}
        />
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table highlightOnHover verticalSpacing="sm" aria-label={title}>
          <ColumnHeads names={columns} />
          <Table.Tbody>{rows}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {shownCount === 0 ? (
        <Text p="md" c="dimmed">
          {noMatch}
        </Text>
      ) : null}
    </Paper>
  );
}

/** When an item last changed and who changed it, as a table cell. */
export function UpdatedCell({ at, by }: { at: string; by: string }) {
  return (
    <Table.Td>
      <Text size="sm">
        <RelativeTime at={at} />
      </Text>
      <Text size="xs" c="dimmed">
        by {by}
      </Text>
    </Table.Td>
  );
}
