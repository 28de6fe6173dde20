import type { RevisionRecord } from '../../../src/store/types.ts';

type Snapshot = RevisionRecord['snapshot'];

export interface MetadataChange {
  field: string;
  before: string;
  after: string;
}

const describe = {
  type: (snapshot: Snapshot) => snapshot.type,
  description: (snapshot: Snapshot) => snapshot.description || '(none)',
  tags: (snapshot: Snapshot) => (snapshot.tags.length > 0 ? snapshot.tags.join(', ') : '(none)'),
  'prod config': (snapshot: Snapshot) => (snapshot.prodSource === null ? 'uses the dev config' : 'its own'),
};

/** The fields besides the config texts that differ between two snapshots, in words. */
export function metadataChanges(before: Snapshot, after: Snapshot): MetadataChange[] {
  return Object.entries(describe)
    .map(([field, text]) => ({ field, before: text(before), after: text(after) }))
    .filter((change) => change.before !== change.after);
}

const fieldLabels: Record<string, string> = { devSource: 'dev config', prodSource: 'prod config' };

/** A revision's changed field in words: `devSource` → `dev config`. */
export function fieldLabel(field: string): string {
  return fieldLabels[field] ?? field;
}
