import type pg from 'pg';
import { settingFromRow, type SettingRow } from '../rows/settings.ts';
import type { AuditInput, SettingsStore } from '../types.ts';
import { insertAuditEntry } from './audit.ts';
import { queryOne, queryRows, writeTransaction } from './database.ts';

// The jsonb value as text: a stored JSON null must come back as null, not be lost in the driver's parsing.
const settingColumns = 'key, value::text AS value, updated_at, updated_by';

export function postgresSettingsStore(pool: pg.Pool): SettingsStore {
  return {
    async list() {
      const rows = await queryRows<SettingRow>(pool, `SELECT ${settingColumns} FROM settings ORDER BY key`);
      return rows.map(settingFromRow);
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
        return settingFromRow(row as SettingRow);
      });
    },
  };
}
