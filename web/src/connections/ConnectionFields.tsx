import { Code, Select, SimpleGrid, TagsInput, TextInput, type ComboboxItem, type ComboboxLikeRenderOptionInput } from '@mantine/core';
import { useMemo } from 'react';
import type { ConnectionTypeView } from '../api/index.ts';
import { TypeIcon } from '../ui/index.ts';
import type { ConnectionDraft } from './connection-draft.ts';

export interface ConnectionFieldsProps {
  draft: ConnectionDraft;
  isNew: boolean;
  /** `connections.<identifier>` in code; known once saved. */
  identifier: string | undefined;
  types: ConnectionTypeView[];
  /** Why the chosen type will not do, e.g. none chosen yet. */
  typeError: string | undefined;
  readOnly: boolean;
  onDraft(draft: ConnectionDraft): void;
  onType(typeId: string): void;
}

function renderTypeOption({ option }: ComboboxLikeRenderOptionInput<ComboboxItem>) {
  return (
    <>
      <TypeIcon typeId={option.value} size={16} /> {option.label}
    </>
  );
}

/** Name and type are chosen once, at creation; description and tags can change any time. */
export function ConnectionFields({ draft, isNew, identifier, types, typeError, readOnly, onDraft, onType }: ConnectionFieldsProps) {
  // The same options object across renders: a rebuilt list can make the open dropdown lose track of the highlighted option.
  const typeOptions = useMemo(
    () => [...types].sort((a, b) => a.label.localeCompare(b.label)).map((type) => ({ value: type.id, label: type.label })),
    [types],
  );
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
        // Typing highlights the first match, so Enter picks it without an arrow key first.
        selectFirstOptionOnChange
        error={typeError}
        leftSection={draft.type === '' ? null : <TypeIcon typeId={draft.type} size={16} />}
        renderOption={renderTypeOption}
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
