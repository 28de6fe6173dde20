import type pg from 'pg';
import type { AuditInput, SettingRecord, SettingsStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { queryOne, queryRows, writeTransaction } from './database.ts';

interface SettingRow {
  key: string;
  /** The jsonb value as text: a stored JSON null must come back as null, not be lost in the driver's parsing. */
  value: string;
  updated_at: string;
  updated_by: string;
}

function toRecord(row: SettingRow): SettingRecord {
  return { key: row.key, value: JSON.parse(row.value) as unknown, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

const settingColumns = 'key, value::text AS value, updated_at, updated_by';

export function postgresSettingsStore(pool: pg.Pool): SettingsStore {
  return {
    async list() {
      const rows = await queryRows<SettingRow>(pool, `SELECT ${settingColumns} FROM settings ORDER BY key`);
      return rows.map(toRecord);
    },

    async put(input, audit: AuditInput) {
      return writeTransaction(pool, async (client) => {
        const now = new Date().toISOString();
        const row = await queryOne<SettingRow>(
          client,
          `INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET
             value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by
           RETURNING ${settingColumns}`,
          [input.key, JSON.stringify(input.value), now, input.by],
        );
        await insertAuditEntry(client, audit, now);
        return toRecord(row as SettingRow);
      });
    },
  };
}
