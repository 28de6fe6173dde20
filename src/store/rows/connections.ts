import { ZiggyError } from '../../core/errors.ts';
import type { ConnectionFields, ConnectionRecord, RevisionAction, RevisionRecord } from '../types.ts';

/** A connections row as both stores read it, tags as a list. */
export interface ConnectionRow {
  name: string;
  type: string;
  description: string;
  tags: string[];
  dev_source: string;
  prod_source: string | null;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** A connection_revisions row as both stores read it, the changed names as a list and the snapshot as an object. */
export interface RevisionRow {
  connection: string;
  revision: number;
  action: RevisionAction;
  at: string;
  actor: string;
  changed: string[];
  snapshot: ConnectionFields;
  restored_from: number | null;
}

export const fieldNames = ['type', 'description', 'tags', 'devSource', 'prodSource'] as const;

export function connectionFromRow(row: ConnectionRow): ConnectionRecord {
  return {
    name: row.name,
    type: row.type,
    description: row.description,
    tags: row.tags,
    devSource: row.dev_source,
    prodSource: row.prod_source,
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function revisionFromRow(row: RevisionRow): RevisionRecord {
  const revision: RevisionRecord = {
    connection: row.connection,
    revision: row.revision,
    action: row.action,
    at: row.at,
    by: row.actor,
    changed: row.changed,
    snapshot: row.snapshot,
  };
  if (row.restored_from !== null) revision.restoredFrom = row.restored_from;
  return revision;
}

export function snapshotOf(fields: ConnectionFields): ConnectionFields {
  return {
    type: fields.type,
    description: fields.description,
    tags: [...fields.tags],
    devSource: fields.devSource,
    prodSource: fields.prodSource,
  };
}

function sameValue(a: ConnectionFields[keyof ConnectionFields], b: ConnectionFields[keyof ConnectionFields]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((tag, index) => tag === b[index]);
  return a === b;
}

/** The names of the fields whose value differs between the current record and the new fields. */
export function changedFields(current: ConnectionFields, next: ConnectionFields): string[] {
  return fieldNames.filter((field) => !sameValue(current[field], next[field]));
}

export function connectionNotFound(name: string): ZiggyError {
  return new ZiggyError('connection_not_found', `Connection "${name}" does not exist.`, { name });
}

export function connectionNameTaken(name: string): ZiggyError {
  return new ZiggyError('name_taken', `A connection named "${name}" already exists.`, { name });
}
