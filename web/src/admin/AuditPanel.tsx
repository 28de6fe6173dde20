import { Button, Code, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useState, type ChangeEvent } from 'react';
import { useAudit, type AuditEntry, type AuditFilter } from '../api/index.ts';
import { absoluteTime, ColumnHeads, ErrorAlert } from '../ui/index.ts';

const entityTypes: Array<AuditEntry['entityType']> = ['connection', 'secret', 'user', 'token', 'setting', 'block'];

interface Form {
  entityType: string | null;
  entityName: string;
  actor: string;
  /** `datetime-local` text in local time. */
  since: string;
  until: string;
  limit: string;
}

const emptyForm: Form = { entityType: null, entityName: '', actor: '', since: '', until: '', limit: '100' };

function filterOf(form: Form): AuditFilter {
  const iso = (local: string) => (local === '' ? undefined : new Date(local).toISOString());
  return {
    entityType: (form.entityType ?? undefined) as AuditFilter['entityType'],
    entityName: form.entityName.trim() || undefined,
    actor: form.actor.trim() || undefined,
    since: iso(form.since),
    until: iso(form.until),
    limit: Number(form.limit),
  };
}

/** Every change and test, newest first, filtered by what, who and when. */
export function AuditPanel() {
  const [form, setForm] = useState<Form>(emptyForm);
  const [filter, setFilter] = useState<AuditFilter>(filterOf(emptyForm));
  const audit = useAudit(filter);
  const field = (key: keyof Form) => (event: ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: event.currentTarget.value });
  return (
    <>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setFilter(filterOf(form));
        }}
      >
        <Group align="flex-end" gap="sm" mb="md">
          <Select label="Entity" placeholder="Any" clearable data={entityTypes} value={form.entityType} onChange={(entityType) => setForm({ ...form, entityType })} w={150} />
          <TextInput label="Entity name" value={form.entityName} onChange={field('entityName')} w={170} />
          <TextInput label="Actor" placeholder="user:alice" value={form.actor} onChange={field('actor')} w={170} />
          <TextInput label="From" type="datetime-local" value={form.since} onChange={field('since')} />
          <TextInput label="To" type="datetime-local" value={form.until} onChange={field('until')} />
          <Select label="At most" data={['50', '100', '500', '2000']} value={form.limit} allowDeselect={false} onChange={(limit) => setForm({ ...form, limit: limit ?? '100' })} w={100} />
          <Button type="submit">Filter</Button>
          <Button
            variant="default"
            onClick={() => {
              setForm(emptyForm);
              setFilter(filterOf(emptyForm));
            }}
          >
            Clear
          </Button>
        </Group>
      </form>
      <ErrorAlert error={audit.error} title="Cannot load the audit log" />
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="xs" striped aria-label="Audit log">
          <ColumnHeads names={['When', 'Actor', 'Action', 'Entity', 'Details']} />
          <Table.Tbody>
            {(audit.data ?? []).map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{absoluteTime(entry.at)}</Table.Td>
                <Table.Td>{entry.actor}</Table.Td>
                <Table.Td>{entry.action}</Table.Td>
                <Table.Td>
                  {entry.entityType} {entry.entityName}
                </Table.Td>
                <Table.Td>{Object.keys(entry.details).length === 0 ? null : <Code>{JSON.stringify(entry.details)}</Code>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {audit.isSuccess && audit.data.length === 0 ? <Text c="dimmed">No entries match these filters.</Text> : null}
    </>
  );
}
