/** Renders rows as left-aligned columns under a header, two spaces apart, with no trailing spaces. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Renders `label: value` lines with the values aligned. */
export function renderFields(fields: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join('\n') + '\n';
}

/** Indents every line of a block of text, e.g. a config source shown under a heading. */
export function indent(text: string, prefix = '  '): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n') + '\n';
}

/** ISO time shown as `YYYY-MM-DD HH:MM` (UTC), short enough for a table. */
export function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function listOrDash(items: readonly string[]): string {
  return items.length === 0 ? '-' : items.join(', ');
}
