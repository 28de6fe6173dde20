import { Table } from '@mantine/core';

/** A table's header row from its column names, in order; `false` is a column not shown to this user. */
export function ColumnHeads({ names }: { names: ReadonlyArray<string | false> }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {names.map((name) => (name === false ? null : <Table.Th key={name}>{name}</Table.Th>))}
      </Table.Tr>
    </Table.Thead>
  );
}
