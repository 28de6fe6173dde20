import type { DatabaseSync } from 'node:sqlite';
import { auditFilterTime, auditFromRow, auditLimit, type AuditRow } from '../rows/audit.ts';
import type { AuditEntry, AuditFilter, AuditInput, AuditStore } from '../types.ts';
import { writeTransaction } from './database.ts';

/** An audit_log row as SQLite holds it: details as JSON text. */
type EncodedAuditRow = Omit<AuditRow, 'details'> & { details: string };

const toEntry = (row: EncodedAuditRow): AuditEntry =>
  auditFromRow({ ...row, details: JSON.parse(row.details) as Record<string, unknown> });


/** Writes one entry; callers run it inside the transaction of the change it records. */
export function insertAuditEntry(db: DatabaseSync, entry: AuditInput, at: string): AuditEntry {
  const row = db
    .prepare(
      `INSERT INTO audit_log (at, actor, action, entity_type, entity_name, details)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(at, entry.actor, entry.action, entry.entityType, entry.entityName, JSON.stringify(entry.details));
  return toEntry(row as unknown as EncodedAuditRow);
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
        parameters.push(auditFilterTime(filter.since, 'since'));
      }
      if (filter.until !== undefined) {
        conditions.push('at <= ?');
        parameters.push(auditFilterTime(filter.until, 'until'));
      }
      parameters.push(auditLimit(filter.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = db.prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`).all(...parameters);
      return rows.map((row) => toEntry(row as unknown as EncodedAuditRow));
    },
  };
}
