import type { DatabaseSync } from 'node:sqlite';
import { ZiggyError } from '../../core/errors.ts';
import type { AuditEntry, AuditFilter, AuditInput, AuditStore } from '../types.ts';
import { writeTransaction } from './database.ts';

export const defaultAuditLimit = 100;
export const maxAuditLimit = 1000;

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity_type: AuditEntry['entityType'];
  entity_name: string;
  details: string;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityName: row.entity_name,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

/** Writes one entry; callers run it inside the transaction of the change it records. */
export function insertAuditEntry(db: DatabaseSync, entry: AuditInput, at: string): AuditEntry {
  const row = db
    .prepare(
      `INSERT INTO audit_log (at, actor, action, entity_type, entity_name, details)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(at, entry.actor, entry.action, entry.entityType, entry.entityName, JSON.stringify(entry.details));
  return toEntry(row as unknown as AuditRow);
}

/** Normalizes an ISO time so text comparison in SQL matches time order (`2024-05-01` → `2024-05-01T00:00:00.000Z`). */
function normalizeTime(value: string, field: 'since' | 'until'): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new ZiggyError('bad_input', `Audit filter "${field}" is not a valid ISO time: "${value}".`, { field });
  }
  return time.toISOString();
}

function resolveLimit(limit: number | undefined): number {
  if (limit === undefined) return defaultAuditLimit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ZiggyError('bad_input', `Audit filter "limit" must be a whole number of at least 1, got ${limit}.`, {
      field: 'limit',
    });
  }
  return Math.min(limit, maxAuditLimit);
}

export function sqliteAuditStore(db: DatabaseSync, file: string): AuditStore {
  return {
    async append(entry) {
      return writeTransaction(db, file, () => insertAuditEntry(db, entry, new Date().toISOString()));
    },

    async list(filter: AuditFilter = {}) {
      const conditions: string[] = [];
      const parameters: Array<string | number> = [];
      if (filter.entityType !== undefined) {
        conditions.push('entity_type = ?');
        parameters.push(filter.entityType);
      }
      if (filter.entityName !== undefined) {
        conditions.push('entity_name = ?');
        parameters.push(filter.entityName);
      }
      if (filter.actor !== undefined) {
        conditions.push('actor = ?');
        parameters.push(filter.actor);
      }
      if (filter.since !== undefined) {
        conditions.push('at >= ?');
        parameters.push(normalizeTime(filter.since, 'since'));
      }
      if (filter.until !== undefined) {
        conditions.push('at <= ?');
        parameters.push(normalizeTime(filter.until, 'until'));
      }
      parameters.push(resolveLimit(filter.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = db.prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`).all(...parameters);
      return rows.map((row) => toEntry(row as unknown as AuditRow));
    },
  };
}
