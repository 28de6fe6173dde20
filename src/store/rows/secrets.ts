import { ZiggyError } from '../../core/errors.ts';
import type { SecretRecord } from '../types.ts';

/** A secrets row as both stores read it, tags as a list. Values are ciphertexts. */
export interface SecretRow {
  name: string;
  description: string;
  tags: string[];
  dev: string;
  prod: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

// Column per changeable field; the SET clause is built from these fixed names only.
export const secretChangeColumns = { description: 'description', tags: 'tags', dev: 'dev', prod: 'prod' } as const;

export function secretFromRow(row: SecretRow): SecretRecord {
  return {
    name: row.name,
    description: row.description,
    tags: row.tags,
    dev: row.dev,
    prod: row.prod,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function secretNotFound(name: string): ZiggyError {
  return new ZiggyError('secret_not_found', `Secret "${name}" does not exist.`, { name });
}
