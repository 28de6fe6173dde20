import { diffLines } from 'diff';

export interface DiffLine {
  kind: 'added' | 'removed' | 'same';
  text: string;
  /** 1-based line number in the older text (absent for an added line). */
  oldNumber?: number;
  /** 1-based line number in the newer text (absent for a removed line). */
  newNumber?: number;
}

/** A run of unchanged lines left out of view. */
export interface SkippedLines {
  kind: 'skipped';
  count: number;
}

/** The lines of two texts, each marked added, removed or the same, in reading order. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldNumber = 1;
  let newNumber = 1;
  for (const change of diffLines(normalize(before), normalize(after))) {
    for (const text of splitLines(change.value)) {
      if (change.added) lines.push({ kind: 'added', text, newNumber: newNumber++ });
      else if (change.removed) lines.push({ kind: 'removed', text, oldNumber: oldNumber++ });
      else lines.push({ kind: 'same', text, oldNumber: oldNumber++, newNumber: newNumber++ });
    }
  }
  return lines;
}

/** Keeps `context` unchanged lines around each change and folds longer unchanged runs into one entry. */
export function collapseUnchanged(lines: DiffLine[], context = 3): Array<DiffLine | SkippedLines> {
  const changed = lines.flatMap((line, index) => (line.kind === 'same' ? [] : [index]));
  const shown: Array<DiffLine | SkippedLines> = [];
  lines.forEach((line, index) => {
    if (changed.some((at) => Math.abs(at - index) <= context)) {
      shown.push(line);
      return;
    }
    const last = shown.at(-1);
    if (last?.kind === 'skipped') last.count += 1;
    else shown.push({ kind: 'skipped', count: 1 });
  });
  return shown;
}

// A final line end is not a line of its own; \r\n and \n compare equal.
function normalize(text: string): string {
  const unified = text.replace(/\r\n?/g, '\n');
  return unified === '' || unified.endsWith('\n') ? unified : `${unified}\n`;
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
