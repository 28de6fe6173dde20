import type { DatabaseSync } from 'node:sqlite';
import { settingFromRow, type SettingRow } from '../rows/settings.ts';
import type { AuditInput, SettingsStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { writeTransaction } from './database.ts';

export function sqliteSettingsStore(db: DatabaseSync, file: string): SettingsStore {
  return {
    async list() {
      const rows = db.prepare('SELECT * FROM settings ORDER BY key').all();
      return rows.map((row) => settingFromRow(row as unknown as SettingRow));
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
        return settingFromRow(row as unknown as SettingRow);
      });
    },
  };
}
