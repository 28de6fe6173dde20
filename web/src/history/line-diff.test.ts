import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collapseUnchanged, lineDiff } from './line-diff.ts';
import { fieldLabel, metadataChanges } from './metadata-diff.ts';

describe('lineDiff', () => {
  it('marks changed lines with their numbers on each side', () => {
    const before = "{\n  host: 'a',\n  port: 5432,\n}";
    const after = "{\n  host: 'b',\n  port: 5432,\n  user: 'etl',\n}";
    assert.deepEqual(lineDiff(before, after), [
      { kind: 'same', text: '{', oldNumber: 1, newNumber: 1 },
      { kind: 'removed', text: "  host: 'a',", oldNumber: 2 },
      { kind: 'added', text: "  host: 'b',", newNumber: 2 },
      { kind: 'same', text: '  port: 5432,', oldNumber: 3, newNumber: 3 },
      { kind: 'added', text: "  user: 'etl',", newNumber: 4 },
      { kind: 'same', text: '}', oldNumber: 4, newNumber: 5 },
    ]);
  });

  it('finds no change between line-end styles or a missing final line end', () => {
    assert.ok(lineDiff('{\r\n  a: 1\r\n}\r\n', '{\n  a: 1\n}').every((line) => line.kind === 'same'));
  });

  it('shows a text against nothing as all added', () => {
    assert.deepEqual(lineDiff('', 'a\nb').map((line) => line.kind), ['added', 'added']);
  });
});

describe('collapseUnchanged', () => {
  it('keeps context around a change and folds the rest', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'LINE 10');
    const shown = collapseUnchanged(lineDiff(before, after), 2);
    assert.deepEqual(shown.map((entry) => (entry.kind === 'skipped' ? `…${entry.count}` : entry.text)), [
      '…8', 'line 8', 'line 9', 'line 10', 'LINE 10', 'line 11', 'line 12', '…7',
    ]);
  });
});

describe('metadataChanges', () => {
  const base = { type: 'postgres', description: '', tags: [], devSource: '{}', prodSource: null };

  it('lists only what differs, in words', () => {
    assert.deepEqual(metadataChanges(base, { ...base, tags: ['etl', 'dw'], prodSource: '{}' }), [
      { field: 'tags', before: '(none)', after: 'etl, dw' },
      { field: 'prod config', before: 'uses the dev config', after: 'its own' },
    ]);
    assert.deepEqual(metadataChanges(base, { ...base }), []);
  });
});

describe('fieldLabel', () => {
  it('names the config fields in words and keeps the rest', () => {
    assert.deepEqual(['devSource', 'prodSource', 'tags'].map(fieldLabel), ['dev config', 'prod config', 'tags']);
  });
});
