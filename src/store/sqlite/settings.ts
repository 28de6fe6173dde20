import type { DatabaseSync } from 'node:sqlite';
import type { AuditInput, SettingRecord, SettingsStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

interface SettingRow {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

function toRecord(row: SettingRow): SettingRecord {
  return { key: row.key, value: JSON.parse(row.value) as unknown, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

export function sqliteSettingsStore(db: DatabaseSync, file: string): SettingsStore {
  return {
    async list() {
      const rows = db.prepare('SELECT * FROM settings ORDER BY key').all();
      return rows.map((row) => toRecord(row as unknown as SettingRow));
    },

    async put(input, audit: AuditInput) {
      return writeTransaction(db, file, () => {
        const now = new Date().toISOString();
        const row = db
          .prepare(
            `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET
               value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by
             RETURNING *`,
          )
          .get(input.key, JSON.stringify(input.value), now, input.by);
        insertAuditEntry(db, audit, now);
        return toRecord(row as unknown as SettingRow);
      });
    },
  };
}
