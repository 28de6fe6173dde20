import type pg from 'pg';
import type { AuditEntry, AuditFilter, AuditInput, AuditStore } from '../types.ts';
import { defaultAuditLimit, maxAuditLimit } from '../sqlite/audit.ts';
import { ZiggyError } from '../../core/errors.ts';
import { queryOne, queryRows, writeTransaction, type Queryable } from './database.ts';

interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  entity_type: AuditEntry['entityType'];
  entity_name: string;
  details: Record<string, unknown>;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    // bigint arrives as a string; ids stay far below 2^53.
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityName: row.entity_name,
    details: row.details,
  };
}

/** Writes one entry; callers run it inside the transaction of the change it records. */
export async function insertAuditEntry(db: Queryable, entry: AuditInput, at: string): Promise<AuditEntry> {
  const row = await queryOne<AuditRow>(
    db,
    `INSERT INTO audit_log (at, actor, action, entity_type, entity_name, details)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [at, entry.actor, entry.action, entry.entityType, entry.entityName, JSON.stringify(entry.details)],
  );
  return toEntry(row as AuditRow);
}

function parseTime(value: string, field: 'since' | 'until'): string {
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

export function postgresAuditStore(pool: pg.Pool): AuditStore {
  return {
    async append(entry) {
      return writeTransaction(pool, (client) => insertAuditEntry(client, entry, new Date().toISOString()));
    },

    async list(filter: AuditFilter = {}) {
      const conditions: string[] = [];
      const values: unknown[] = [];
      const condition = (sql: string, value: unknown) => {
        values.push(value);
        conditions.push(`${sql} $${values.length}`);
      };
      if (filter.entityType !== undefined) condition('entity_type =', filter.entityType);
      if (filter.entityName !== undefined) condition('entity_name =', filter.entityName);
      if (filter.actor !== undefined) condition('actor =', filter.actor);
      if (filter.since !== undefined) condition('at >=', parseTime(filter.since, 'since'));
      if (filter.until !== undefined) condition('at <=', parseTime(filter.until, 'until'));
      values.push(resolveLimit(filter.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = await queryRows<AuditRow>(pool, `SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT $${values.length}`, values);
      return rows.map(toEntry);
    },
  };
}
