import { ZiggyError } from '../../../core/index.ts';

interface ServerError {
  number: number;
  message: string;
  lineNumber?: number;
  state?: number | string;
}

/** An error the server sent (it has an error number), as opposed to a dropped socket, a timeout or an abort. */
function isServerError(error: unknown): error is Error & ServerError {
  return error instanceof Error && 'number' in error && typeof error.number === 'number';
}

/** The line the server blames, shortened, so the message shows where. */
function lineExcerpt(sql: string, line: number): string {
  const text = (sql.split('\n')[line - 1] ?? '').trim();
  return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

/**
 * Turns an error the server sent into a plain `ZiggyError` naming the SQL Server error number,
 * the line of `sql` it blames and the column it names. Other errors (a dropped socket, an
 * aborted run) pass through as they are.
 */
export function mssqlFailure(error: unknown, sql: string): unknown {
  if (!isServerError(error)) return error;
  const details: Record<string, unknown> = { number: error.number };
  let message = `${error.message.replace(/\.$/, '')} (SQL Server error ${error.number})`;
  if (typeof error.lineNumber === 'number' && error.lineNumber > 0) {
    details.line = error.lineNumber;
    message += `: line ${error.lineNumber}, ${lineExcerpt(sql, error.lineNumber)}`;
  }
  const column = /[Cc]olumn '([^']*)'/.exec(error.message)?.[1];
  if (column !== undefined) details.column = column;
  return new ZiggyError('bad_input', `${message}.`, details);
}
