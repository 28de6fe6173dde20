import { isApiError } from '../api/client.ts';
import type { ConnectionView, CreateConnectionInput, Mode, UpdateConnectionInput } from '../api/types.ts';
import type { FieldLocation } from '../editor/index.ts';

/** What the connection page edits. `prodSource: null` means production uses the development object. */
export interface ConnectionDraft {
  name: string;
  type: string;
  description: string;
  tags: string[];
  devSource: string;
  prodSource: string | null;
}

export const emptyDraft: ConnectionDraft = { name: '', type: '', description: '', tags: [], devSource: '', prodSource: null };

export function draftOf(view: ConnectionView): ConnectionDraft {
  const { name, type, description, tags, devSource, prodSource } = view;
  return { name, type, description, tags: [...tags], devSource, prodSource };
}

/** A production object that is only blank is no object: production then uses development. */
function normalProd(source: string | null): string | null {
  return source === null || source.trim() === '' ? null : source;
}

export function createInput(draft: ConnectionDraft): CreateConnectionInput {
  return {
    name: draft.name.trim(),
    type: draft.type,
    description: draft.description,
    tags: draft.tags,
    devSource: draft.devSource,
    prodSource: normalProd(draft.prodSource),
  };
}

/** Only what changed since `saved`, with the version it was based on so a concurrent save is refused, not overwritten. */
export function updateInput(draft: ConnectionDraft, saved: ConnectionView): UpdateConnectionInput {
  const changes: UpdateConnectionInput = { version: saved.version };
  if (draft.description !== saved.description) changes.description = draft.description;
  if (!sameTags(draft.tags, saved.tags)) changes.tags = draft.tags;
  if (draft.devSource !== saved.devSource) changes.devSource = draft.devSource;
  const prod = normalProd(draft.prodSource);
  if (prod !== saved.prodSource) changes.prodSource = prod;
  return changes;
}

export function isDirty(draft: ConnectionDraft, saved: ConnectionView | undefined): boolean {
  if (saved === undefined) return draft.name !== '' || draft.type !== '' || draft.devSource.trim() !== '' || draft.description !== '';
  return Object.keys(updateInput(draft, saved)).length > 1;
}

/** A new connection cannot be created without a type; said as soon as the user has started filling in the form. */
export function typeProblem(draft: ConnectionDraft, saved: ConnectionView | undefined): string | undefined {
  return saved === undefined && draft.type === '' && isDirty(draft, saved) ? 'Choose a type' : undefined;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, index) => tag === b[index]);
}

/**
 * Choosing a type fills the development object with the type's example, unless the user already
 * wrote something of their own (anything but blank or the previous type's example).
 */
export function withType(draft: ConnectionDraft, type: string, examples: ReadonlyMap<string, string>): ConnectionDraft {
  const untouched = draft.devSource.trim() === '' || draft.devSource === examples.get(draft.type);
  const example = examples.get(type);
  return { ...draft, type, devSource: untouched && example !== undefined ? example : draft.devSource };
}

/** Where a refused save points in the source: `config_syntax` carries line/column, `config_invalid` its first issue's. */
export function errorLocation(error: unknown): ({ mode: Mode } & FieldLocation) | undefined {
  if (!isApiError(error) || (error.id !== 'config_syntax' && error.id !== 'config_invalid')) return undefined;
  const details = error.details ?? {};
  const mode = details.mode === 'prod' ? 'prod' : 'dev';
  const first = Array.isArray(details.issues) ? (details.issues[0] as Record<string, unknown> | undefined) : undefined;
  const line = details.line ?? first?.line;
  const column = details.column ?? first?.column;
  if (typeof line !== 'number' || typeof column !== 'number') return undefined;
  return { mode, line, column };
}
