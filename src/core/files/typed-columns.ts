import { z } from 'zod';
import { ZiggyError } from '../errors.ts';

export const columnType = z.enum(['string', 'number', 'integer', 'boolean', 'date']);
export type ColumnType = z.output<typeof columnType>;

export const columnTypes = z
  .record(z.string(), columnType)
  .optional()
  .describe("Convert these CSV columns from text, e.g. { amount: 'number', paid: 'boolean', day: 'date' }; an empty cell becomes null. Others stay text.");

const booleans: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

/** One cell as its column's type; a value that does not fit names the file, line and column. */
export function convertCell(text: string, type: ColumnType, where: { path: string; line: number; column: string }): unknown {
  if (type === 'string') return text;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const fail = (expected: string): never => {
    throw new ZiggyError('bad_input', `${where.path}, line ${where.line}, column ${where.column}: "${trimmed.slice(0, 60)}" is not ${expected}.`, where);
  };
  switch (type) {
    case 'number': {
      const value = Number(trimmed);
      return Number.isFinite(value) ? value : fail('a number');
    }
    case 'integer': {
      const value = Number(trimmed);
      return Number.isSafeInteger(value) ? value : fail('an integer');
    }
    case 'boolean': {
      const value = booleans[trimmed.toLowerCase()];
      return value ?? fail('a boolean (true/false, 1/0, yes/no)');
    }
    case 'date': {
      const value = new Date(trimmed);
      return Number.isNaN(value.getTime()) ? fail('a date') : value.toISOString();
    }
  }
}
