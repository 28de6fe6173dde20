import pg from 'pg';
import { ZiggyError } from '../../../core/index.ts';
import { lineAndColumn, sqlExcerpt } from '../../../core/sql/index.ts';

/**
 * Turns an error the server sent (a `pg.DatabaseError`) into a plain `ZiggyError` naming the
 * SQLSTATE and, when the server gives one, the line and column in `sql`. Other errors (a
 * dropped socket, an aborted run) pass through as they are.
 */
export function postgresFailure(error: unknown, sql: string): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  const parts: string[] = [`${error.message} (SQLSTATE ${error.code ?? 'unknown'})`];
  const details: Record<string, unknown> = { sqlstate: error.code };
  const position = Number(error.position);
  if (Number.isInteger(position) && position > 0) {
    const { line, column } = lineAndColumn(sql, position);
    parts[0] += ` at line ${line}, column ${column}: ${sqlExcerpt(sql, position)}`;
    Object.assign(details, { position, line, column });
  }
  if (error.detail) parts.push(error.detail);
  if (error.hint) parts.push(`Hint: ${error.hint}`);
  for (const key of ['schema', 'table', 'column', 'constraint'] as const) {
    if (error[key]) details[key] = error[key];
  }
  const message = `${parts.map((part) => part.replace(/\.$/, '')).join('. ')}.`;
  return new ZiggyError('bad_input', message, details);
}
