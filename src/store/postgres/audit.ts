import type pg from 'pg';
import { auditFilterTime, auditFromRow, auditLimit, type AuditRow } from '../rows/audit.ts';
import type { AuditEntry, AuditFilter, AuditInput, AuditStore } from '../types.ts';
import { queryOne, queryRows, writeTransaction, type Queryable } from './database.ts';

/** An audit_log row as the driver returns it: the bigint id as a string. */
type EncodedAuditRow = Omit<AuditRow, 'id'> & { id: string };

// Ids stay far below 2^53.
const toEntry = (row: EncodedAuditRow): AuditEntry => auditFromRow({ ...row, id: Number(row.id) });


/** Writes one entry; callers run it inside the transaction of the change it records. */
export async function insertAuditEntry(db: Queryable, entry: AuditInput, at: string): Promise<AuditEntry> {
  const row = await queryOne<EncodedAuditRow>(
    db,
    `INSERT INTO audit_log (at, actor, action, entity_type, entity_name, details)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [at, entry.actor, entry.action, entry.entityType, entry.entityName, JSON.stringify(entry.details)],
  );
  return toEntry(row as EncodedAuditRow);
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
      if (filter.since !== undefined) condition('at >=', auditFilterTime(filter.since, 'since'));
      if (filter.until !== undefined) condition('at <=', auditFilterTime(filter.until, 'until'));
      values.push(auditLimit(filter.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = await queryRows<EncodedAuditRow>(pool, `SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT $${values.length}`, values);
      return rows.map(toEntry);
    },
  };
}
