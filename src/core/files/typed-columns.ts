import { z } from 'zod';
import { ZiggyError } from '../errors.ts';

export const columnType = z.enum(['string', 'number', 'integer', 'boolean', 'date']);
export type ColumnType = z.output<typeof columnType>;

export const columnTypes = z
  .record(z.string(), columnType)
  .optional()
  .describe("Convert these CSV columns from text, e.g. { amount: 'number', paid: 'boolean', day: 'date' }; an empty cell becomes null. Others stay text.");

// A Map, not an object literal: `constructor` or `toString` in a cell must not look like a boolean.
const booleans = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
]);

/** What a converter returns for text that is not of its type. */
export const doesNotFit = Symbol('does not fit');

/** Text to a column's value: null for an empty cell, `doesNotFit` for text of another type. */
export type CellConverter = (text: string) => unknown;

// One function per type, chosen once per column, so a row costs a call per typed cell and nothing more.
const converters: Record<Exclude<ColumnType, 'string'>, CellConverter> = {
  number(text) {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    const value = Number(trimmed);
    return Number.isFinite(value) ? value : doesNotFit;
  },
  integer(text) {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    const value = Number(trimmed);
    return Number.isSafeInteger(value) ? value : doesNotFit;
  },
  boolean(text) {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    return booleans.get(trimmed) ?? booleans.get(trimmed.toLowerCase()) ?? doesNotFit;
  },
  date(text) {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    const value = new Date(trimmed);
    return Number.isNaN(value.getTime()) ? doesNotFit : value.toISOString();
  },
};

const expected: Record<Exclude<ColumnType, 'string'>, string> = {
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true/false, 1/0, yes/no)',
  date: 'a date',
};

/** The typed columns of a settings object, each with its converter; `string` columns need none. */
export function cellConverters(columns: Record<string, ColumnType> | undefined): Array<{ column: string; type: Exclude<ColumnType, 'string'>; convert: CellConverter }> {
  return Object.entries(columns ?? {}).flatMap(([column, type]) => (type === 'string' ? [] : [{ column, type, convert: converters[type] }]));
}

/** The error for a value that does not fit its column, naming the file, line and column. */
export function cellError(text: string, type: Exclude<ColumnType, 'string'>, where: { path: string; line: number; column: string }): ZiggyError {
  return new ZiggyError('bad_input', `${where.path}, line ${where.line}, column ${where.column}: "${text.trim().slice(0, 60)}" is not ${expected[type]}.`, where);
}
