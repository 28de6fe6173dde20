import type { SqlDialect } from '../../../core/sql/index.ts';

/** `Records: 3  Duplicates: 1  Warnings: 0`, MySQL's summary of a multi-row INSERT. */
const insertSummary = /Records:\s*(\d+)\s+Duplicates:\s*(\d+)/;

export const mysqlDialect: SqlDialect = {
  label: 'MySQL/MariaDB',
  quoteIdentifier: (name) => `\`${name.replaceAll('`', '``')}\``,
  placeholder: () => '?',
  placeholderExample: '?',
  // The prepared-statement protocol counts parameters in 16 bits.
  maxParameters: 65_535,
  identifierProblem(name) {
    if (name.includes('\0')) return 'A name cannot contain the NUL character.';
    if ([...name].length > 64) return 'MySQL and MariaDB names are at most 64 characters long.';
    if (name.endsWith(' ')) return 'MySQL and MariaDB names cannot end with a space.';
    return undefined;
  },
  // MySQL decides "already exists" by any unique key the row hits, not by named columns; conflictColumns must be one of them.
  upsertClause(conflict, quote) {
    const first = conflict.columns[0] ?? '';
    const sets =
      conflict.update.length === 0
        ? [`${quote(first)} = ${quote(first)}`]
        : conflict.update.map((column) => `${quote(column)} = VALUES(${quote(column)})`);
    return `ON DUPLICATE KEY UPDATE ${sets.join(', ')}`;
  },
  upsertedRows(result, batchRows, conflict) {
    // Every row is inserted or updated; MySQL's affected count says 2 for an updated row, so count rows instead.
    if (conflict.update.length > 0) return batchRows;
    // Keeping existing rows: inserted = records − duplicates. A one-row statement gets no summary,
    // and with FOUND_ROWS a kept row counts 1 like an inserted one.
    const summary = insertSummary.exec(result.summary ?? '');
    return summary === null ? result.affected : Number(summary[1]) - Number(summary[2]);
  },
  supportsReturning: false,
  defaultSchema: "the connection's database",
};
