import type { SettingRecord } from '../types.ts';

/** A settings row with its value as JSON text, which both stores keep: a stored JSON null stays null. */
export interface SettingRow {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

export function settingFromRow(row: SettingRow): SettingRecord {
  return { key: row.key, value: JSON.parse(row.value) as unknown, updatedAt: row.updated_at, updatedBy: row.updated_by };
}
