import { ZiggyError } from '../../core/errors.ts';
import type { AuditEntry } from '../types.ts';

export const defaultAuditLimit = 100;
export const maxAuditLimit = 1000;

/** An audit_log row as both stores read it, details as an object. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity_type: AuditEntry['entityType'];
  entity_name: string;
  details: Record<string, unknown>;
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityName: row.entity_name,
    details: row.details,
  };
}

/** Normalizes an ISO time so text comparison in SQL matches time order (`2024-05-01` → `2024-05-01T00:00:00.000Z`). */
export function auditFilterTime(value: string, field: 'since' | 'until'): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new ZiggyError('bad_input', `Audit filter "${field}" is not a valid ISO time: "${value}".`, { field });
  }
  return time.toISOString();
}

export function auditLimit(limit: number | undefined): number {
  if (limit === undefined) return defaultAuditLimit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ZiggyError('bad_input', `Audit filter "limit" must be a whole number of at least 1, got ${limit}.`, {
      field: 'limit',
    });
  }
  return Math.min(limit, maxAuditLimit);
}
