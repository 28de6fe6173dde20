import { Code, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import type { ConnectionTypeView } from '../api/index.ts';
import { TypeIcon } from '../ui/index.ts';
import type { ConnectionDraft } from './connection-draft.ts';

export interface ConnectionFieldsProps {
  draft: ConnectionDraft;
  isNew: boolean;
  /** `connections.<identifier>` in code; known once saved. */
  identifier: string | undefined;
  types: ConnectionTypeView[];
  readOnly: boolean;
  onDraft(draft: ConnectionDraft): void;
  onType(typeId: string): void;
}

/** Name and type are chosen once, at creation; description and tags can change any time. */
export function ConnectionFields({ draft, isNew, identifier, types, readOnly, onDraft, onType }: ConnectionFieldsProps) {
  const typeOptions = [...types].sort((a, b) => a.label.localeCompare(b.label)).map((type) => ({ value: type.id, label: type.label }));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput
        label="Name"
        required={isNew}
        readOnly={!isNew || readOnly}
        value={draft.name}
        onChange={(event) => onDraft({ ...draft, name: event.currentTarget.value })}
        description={identifier === undefined ? 'Letters, digits, _ and -, starting with a letter. It cannot change later.' : <>In code: <Code>connections.{identifier}</Code></>}
        data-autofocus={isNew || undefined}
      />
      <Select
        label="Type"
        required={isNew}
        placeholder="Choose a type"
        data={typeOptions}
        value={draft.type === '' ? null : draft.type}
        onChange={(value) => value !== null && onType(value)}
        readOnly={!isNew || readOnly}
        allowDeselect={false}
        searchable
        leftSection={draft.type === '' ? null : <TypeIcon typeId={draft.type} size={16} />}
        renderOption={({ option }) => (
          <>
            <TypeIcon typeId={option.value} size={16} /> {option.label}
          </>
        )}
        description={isNew ? 'Choosing a type fills an empty Development object with its example.' : undefined}
      />
      <TextInput
        label="Description"
        value={draft.description}
        readOnly={readOnly}
        onChange={(event) => onDraft({ ...draft, description: event.currentTarget.value })}
      />
      <TagsInput
        label="Tags"
        description={readOnly ? undefined : 'Press Enter after each tag.'}
        value={draft.tags}
        readOnly={readOnly}
        onChange={(tags) => onDraft({ ...draft, tags })}
      />
    </SimpleGrid>
  );
}
