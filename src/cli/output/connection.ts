import type { RevisionRecord } from '../../store/types.ts';
import type { ConnectionSummary, ConnectionView, SaveResult, Warning } from '../../service/types.ts';
import { indent, listOrDash, renderFields, renderTable, shortTime } from './table.ts';

/** `Connection NAME created (version 1)`, plus how to name it in code when that differs. */
export function renderSaved(result: SaveResult, what: string): string {
  const { connection } = result;
  const lines = [`Connection ${connection.name} ${what} (version ${connection.version})`];
  if (connection.identifier !== connection.name) lines.push(`use it in code as connections.${connection.identifier}`);
  return lines.join('\n') + '\n';
}

export function renderWarnings(warnings: readonly Warning[]): string {
  return warnings
    .map((warning) => {
      const at = warning.line === undefined ? '' : ` (line ${warning.line}${warning.column === undefined ? '' : `, column ${warning.column}`})`;
      return `warning: ${warning.message}${at}\n`;
    })
    .join('');
}

export function renderConnectionTable(list: readonly ConnectionSummary[]): string {
  return renderTable(
    ['NAME', 'TYPE', 'DESCRIPTION', 'TAGS', 'VERSION', 'PROD', 'UPDATED'],
    list.map((connection) => [
      connection.name,
      connection.type,
      connection.description || '-',
      listOrDash(connection.tags),
      String(connection.version),
      connection.prodUsesDev ? 'uses dev' : 'own config',
      shortTime(connection.updatedAt),
    ]),
  );
}

export function renderConnection(connection: ConnectionView): string {
  const refs = (names: readonly string[]) => listOrDash(names.map((name) => `secrets.${name}`));
  const fields = renderFields([
    ['name', connection.name],
    ['in code', `connections.${connection.identifier}`],
    ['type', connection.type],
    ['description', connection.description || '-'],
    ['tags', listOrDash(connection.tags)],
    ['version', String(connection.version)],
    ['created', shortTime(connection.createdAt)],
    ['updated', `${shortTime(connection.updatedAt)} by ${connection.updatedBy}`],
    ['dev secrets', refs(connection.secretRefs.dev)],
    ['prod secrets', refs(connection.secretRefs.prod)],
  ]);
  const prod = connection.hiddenSources.includes('prod')
    ? 'prod: (hidden: reading the prod config needs write in prod)\n'
    : connection.prodSource === null
      ? 'prod: (not set — uses the dev config)\n'
      : `prod:\n${indent(connection.prodSource)}`;
  return `${fields}dev:\n${indent(connection.devSource)}${prod}`;
}

export function renderHistory(revisions: readonly RevisionRecord[]): string {
  return renderTable(
    ['REVISION', 'ACTION', 'AT', 'BY', 'CHANGED'],
    revisions.map((revision) => [
      String(revision.revision),
      revision.action,
      shortTime(revision.at),
      revision.by,
      revision.action === 'restore' && revision.restoredFrom !== undefined
        ? `restored from ${revision.restoredFrom}${revision.changed.length === 0 ? '' : ` (${revision.changed.join(', ')})`}`
        : listOrDash(revision.changed),
    ]),
  );
}
