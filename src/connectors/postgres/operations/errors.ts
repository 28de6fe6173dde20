import pg from 'pg';
import { ZiggyError } from '../../../core/index.ts';

/**
 * Turns an error the server sent (a `pg.DatabaseError`) into a plain `ZiggyError` naming the
 * SQLSTATE and, when the server gives one, the line and column in `sql`. Other errors (a
 * dropped socket, an aborted run) pass through as they are.
 */
export function postgresFailure(error: unknown, sql?: string): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  const parts: string[] = [`${error.message} (SQLSTATE ${error.code ?? 'unknown'})`];
  const details: Record<string, unknown> = { sqlstate: error.code };
  const position = Number(error.position);
  if (sql !== undefined && Number.isInteger(position) && position > 0) {
    const { line, column } = lineAndColumn(sql, position);
    parts[0] += ` at line ${line}, column ${column}: ${excerpt(sql, position)}`;
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

/** The server counts positions in characters from 1. */
function lineAndColumn(sql: string, position: number): { line: number; column: number } {
  const before = [...sql].slice(0, position - 1).join('');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The SQL line the position falls on, shortened around it, so the message shows where. */
function excerpt(sql: string, position: number): string {
  const characters = [...sql];
  const start = characters.lastIndexOf('\n', position - 2) + 1;
  const endOfLine = characters.indexOf('\n', position - 1);
  const end = endOfLine === -1 ? characters.length : endOfLine;
  const from = Math.max(start, position - 1 - 40);
  const to = Math.min(end, position - 1 + 40);
  return `"${from > start ? '…' : ''}${characters.slice(from, to).join('').trim()}${to < end ? '…' : ''}"`;
}
