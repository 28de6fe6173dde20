import pg from 'pg';
import type { SqlDialect } from '../../../core/sql/index.ts';

/** Postgres' wire protocol counts a statement's parameters in 16 bits. */
const maxParameters = 65_535;

export const postgresDialect: SqlDialect = {
  label: 'Postgres',
  quoteIdentifier: (name) => pg.escapeIdentifier(name),
  placeholder: (position) => `$${position}`,
  placeholderExample: '$1, $2 …',
  maxParameters,
  identifierProblem(name) {
    if (name.includes('\0')) return 'A name cannot contain the NUL character.';
    // Postgres would silently cut a longer name.
    if (Buffer.byteLength(name) > 63) return 'Postgres names are at most 63 bytes long.';
    return undefined;
  },
  upsertClause(conflict, quote) {
    const sets = conflict.update.map((column) => `${quote(column)} = EXCLUDED.${quote(column)}`);
    const target = conflict.columns.map(quote).join(', ');
    return `ON CONFLICT (${target}) ${sets.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${sets.join(', ')}`}`;
  },
  // Postgres counts each row inserted or updated once, and a row left alone by DO NOTHING not at all.
  upsertedRows: (result) => result.affected,
  supportsReturning: true,
  defaultSchema: "the connection's search_path (usually public)",
};
