import { ZiggyError } from '../../core/errors.ts';
import type { BlockRecord } from '../types.ts';

export interface BlockRow {
  name: string;
  description: string;
  code: string;
  /** SQLite keeps 0 or 1, PostgreSQL a boolean. */
  retry_safe: number | boolean;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export function blockFromRow(row: BlockRow): BlockRecord {
  return {
    name: row.name,
    description: row.description,
    code: row.code,
    retrySafe: Boolean(row.retry_safe),
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function blockNotFound(name: string): ZiggyError {
  return new ZiggyError('block_not_found', `Block "${name}" does not exist.`, { name });
}

export function blockNameTaken(name: string): ZiggyError {
  return new ZiggyError('name_taken', `A block named "${name}" already exists.`, { name });
}
