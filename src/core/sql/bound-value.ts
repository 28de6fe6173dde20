import { ZiggyError } from '../errors.ts';

/** What a SQL Block value is sent to the database as. */
export type BoundValue = null | string | number | bigint | boolean | Date | Buffer;

/**
 * A value as a bound parameter, with pg's conversions so the SQL Block behaves alike on every
 * database: undefined is NULL, objects and arrays become JSON text.
 */
export function boundValue(value: unknown, index: number): BoundValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value;
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (typeof value === 'object') return JSON.stringify(value);
  throw new ZiggyError('bad_input', `Parameter ${index + 1} is a ${typeof value}, which cannot be sent to the database.`, { field: 'params' });
}
