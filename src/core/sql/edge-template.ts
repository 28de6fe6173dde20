import { ZiggyError } from '../errors.ts';
import type { Row, SqlDialect, Statement } from './dialect.ts';

/** A piece of an edge-mode statement: SQL text, a `$$field` token, or `IN $$field` (a list of the batch's values). */
export type EdgePart = { text: string } | EdgeToken;

export interface EdgeToken {
  field: string;
  list: boolean;
}

export function isToken(part: EdgePart): part is EdgeToken {
  return 'field' in part;
}

const tokenStart = /\$\$([A-Za-z_][A-Za-z0-9_]*)/y;

/**
 * Splits SQL into text and `$$field` tokens. Tokens inside quoted strings and quoted names
 * ('…', "…", `…`) are text, so a literal '$$x' stays what it is. A token right after IN is a list.
 */
export function parseEdgeSql(sql: string): EdgePart[] {
  const parts: EdgePart[] = [];
  let text = '';
  for (let index = 0; index < sql.length; ) {
    const char = sql[index] ?? '';
    if (char === "'" || char === '"' || char === '`') {
      const end = closingQuote(sql, index, char);
      text += sql.slice(index, end);
      index = end;
      continue;
    }
    tokenStart.lastIndex = index;
    const token = tokenStart.exec(sql);
    if (token === null) {
      text += char;
      index += 1;
      continue;
    }
    const list = /\bIN\s*$/i.test(text);
    parts.push({ text }, { field: token[1] ?? '', list });
    text = '';
    index += token[0].length;
  }
  parts.push({ text });
  return parts.filter((part) => !('text' in part) || part.text !== '');
}

/** Index just past the quote that closes the one at `start`; a doubled quote inside is an escaped one. */
function closingQuote(sql: string, start: number, quote: string): number {
  for (let index = start + 1; index < sql.length; index++) {
    if (sql[index] !== quote) continue;
    if (sql[index + 1] === quote) {
      index += 1;
      continue;
    }
    return index + 1;
  }
  return sql.length;
}

/** The value of `field` in row `index`; a missing field is refused (null is a value: it is sent as NULL). */
function valueOf(row: Row, field: string, index: number): unknown {
  if (!(field in row) || row[field] === undefined) {
    throw new ZiggyError('bad_input', `Row ${index + 1} has no field "${field}", which the SQL uses as $$${field}.`, { field: 'rows', row: index });
  }
  return row[field];
}

/**
 * One statement for rows [from, from + batch.length): every token a bound parameter, never text.
 * `IN $$f` becomes `IN (p1, p2, …)` over the batch; a plain `$$f` takes the first row's value
 * (statements with plain tokens are built one row at a time).
 */
export function edgeStatement(dialect: SqlDialect, parts: readonly EdgePart[], batch: readonly Row[], from: number): Statement {
  const values: unknown[] = [];
  const bind = (value: unknown): string => {
    values.push(value);
    return dialect.placeholder(values.length);
  };
  const text = parts
    .map((part) => {
      if ('text' in part) return part.text;
      if (!part.list) return bind(valueOf(batch[0] ?? {}, part.field, from));
      return `(${batch.map((row, offset) => bind(valueOf(row, part.field, from + offset))).join(', ')})`;
    })
    .join('');
  return { text, values };
}
