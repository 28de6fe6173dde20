import { ZiggyError } from '../../../core/index.ts';

interface SqlError {
  code: string;
  sqlState?: string;
  message: string;
}

/**
 * An error Snowflake sent for a statement (snowflake-sdk's OperationFailedError with an error
 * code), as opposed to a network failure, a timeout or an abort.
 */
function isSqlError(error: unknown): error is Error & SqlError {
  if (!(error instanceof Error) || error.name !== 'OperationFailedError' || !('code' in error)) return false;
  return typeof error.code === 'string' || typeof error.code === 'number';
}

/** The line the server blames, shortened, so the message shows where. */
function lineExcerpt(sql: string, line: number): string {
  const text = (sql.split('\n')[line - 1] ?? '').trim();
  return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

/**
 * Turns an error Snowflake sent into a plain `ZiggyError` naming the Snowflake error code, the
 * SQLSTATE and the line of `sql` it blames (`… line 2 at position 7 …`). Other errors (a dropped
 * connection, an aborted run) pass through as they are. Only Snowflake's message and the SQL text
 * appear, never the bound values or the connection's credentials.
 */
export function snowflakeFailure(error: unknown, sql: string): unknown {
  if (!isSqlError(error)) return error;
  const code = String(error.code);
  const details: Record<string, unknown> = { code };
  const sqlState = typeof error.sqlState === 'string' && error.sqlState !== '' ? error.sqlState : undefined;
  if (sqlState !== undefined) details.sqlState = sqlState;
  const text = error.message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  let message = `${text} (Snowflake error ${code}${sqlState === undefined ? '' : `, SQLSTATE ${sqlState}`})`;
  const line = Number(/\bline (\d+)\b/i.exec(error.message)?.[1] ?? 0);
  if (line > 0 && line <= sql.split('\n').length) {
    details.line = line;
    message += `: line ${line}, ${lineExcerpt(sql, line)}`;
  }
  return new ZiggyError('bad_input', `${message}.`, details);
}
