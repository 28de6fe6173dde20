import { isPendingRun, type BlockView, type RunRecord, type RunTarget } from '../../service/run-types.ts';
import { indent, renderFields, renderTable, shortTime } from './table.ts';
import type { Style } from './style.ts';

/**
 * A run as the user reads it: its console lines, the data per output edge, the result, then how
 * it ended and its id (to find it again with `ziggy runs show`).
 */
export function renderRun(record: RunRecord, style: Style): string {
  const lines: string[] = [];
  for (const line of record.console) lines.push(`[${line.level}] ${line.text}`);
  for (const output of record.outputs) lines.push(`output ${output.edge}:`, indented(prettyJson(output.items)));
  if (record.result !== undefined) lines.push('result:', indented(prettyJson(record.result)));
  const stats = Object.entries(record.stats ?? {});
  if (stats.length > 0) lines.push(`stats: ${stats.map(([name, value]) => `${name} ${value}`).join(', ')}`);
  if (record.truncated) lines.push(style.yellow('(cut: this run produced more than a run record keeps)'));
  const where = style.dim(`(${record.mode}, ${record.durationMs} ms)`);
  if (record.status === 'ok') {
    lines.push(`${style.green('ok')}  ${where}`);
  } else if (isPendingRun(record)) {
    lines.push(`${style.yellow(record.status)}: not ended yet; follow it with \`ziggy runs show ${record.id}\`  ${style.dim(`(${record.mode})`)}`);
  } else {
    lines.push(`${style.red('failed')} [${record.status}]: ${record.error?.message ?? 'no message'}  ${where}`);
    const frames = (record.error?.stack ?? '').split('\n').filter((line) => /^\s*at /.test(line));
    for (const frame of frames) lines.push(`    ${frame.trim()}`);
  }
  lines.push(`run: ${record.id}`);
  return lines.join('\n') + '\n';
}

export function renderRunTable(records: readonly RunRecord[]): string {
  return renderTable(
    ['ID', 'TARGET', 'MODE', 'STATUS', 'STARTED', 'DURATION', 'BY'],
    records.map((record) => [
      record.id,
      targetText(record.target),
      record.mode,
      record.status,
      shortTime(record.startedAt),
      `${record.durationMs} ms`,
      record.startedBy,
    ]),
  );
}

/** The run's facts, then what it printed and produced. */
export function renderRunDetails(record: RunRecord, style: Style): string {
  const fields = renderFields([
    ['target', targetText(record.target)],
    ['started', `${shortTime(record.startedAt)} by ${record.startedBy}`],
  ]);
  return fields + renderRun(record, style);
}

export function renderBlockTable(blocks: readonly BlockView[]): string {
  return renderTable(
    ['NAME', 'DESCRIPTION', 'VERSION', 'UPDATED', 'BY'],
    blocks.map((block) => [block.name, block.description || '-', String(block.version), shortTime(block.updatedAt), block.updatedBy]),
  );
}

export function renderBlock(block: BlockView): string {
  const fields = renderFields([
    ['name', block.name],
    ['description', block.description || '-'],
    ['retry-safe', block.retrySafe ? 'yes: run again when its worker stops' : 'no'],
    ['version', String(block.version)],
    ['created', shortTime(block.createdAt)],
    ['updated', `${shortTime(block.updatedAt)} by ${block.updatedBy}`],
  ]);
  return `${fields}code:\n${indent(block.code)}`;
}

/** `block orders (v3)`, `code`, `operation db/select`. */
function targetText(target: RunTarget): string {
  switch (target.kind) {
    case 'block':
      return `block ${target.name} (v${target.version})`;
    case 'code':
      return 'code';
    case 'operation':
      return `operation ${target.connection}/${target.operation}`;
  }
}

/** JSON with two-space indents; a bigint, which JSON has no form for, as its digits. */
function prettyJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item), 2) ?? String(value);
}

function indented(text: string): string {
  return indent(text).replace(/\n$/, '');
}
