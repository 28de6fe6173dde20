import { ZiggyError } from '../../../core/index.ts';

interface ServerError {
  errno: number;
  sqlState: string;
  sqlMessage: string;
}

/** An error the server sent (it has an error number and SQLSTATE), as opposed to a dropped socket or an abort. */
function isServerError(error: unknown): error is Error & ServerError {
  return (
    error instanceof Error &&
    'errno' in error &&
    typeof error.errno === 'number' &&
    'sqlState' in error &&
    typeof error.sqlState === 'string' &&
    'sqlMessage' in error &&
    typeof error.sqlMessage === 'string'
  );
}

/** The line the server blames, shortened, so the message shows where. */
function lineExcerpt(sql: string, line: number): string {
  const text = (sql.split('\n')[line - 1] ?? '').trim();
  return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

/**
 * Turns an error the server sent into a plain `ZiggyError` naming the MySQL error number, the
 * SQLSTATE, the column (and the row of the statement) it names and, for a syntax error, the line
 * in `sql`. Other errors (a dropped socket, an aborted run) pass through as they are.
 */
export function mysqlFailure(error: unknown, sql: string): unknown {
  if (!isServerError(error)) return error;
  const details: Record<string, unknown> = { errno: error.errno, sqlstate: error.sqlState };
  let message = `${error.sqlMessage.replace(/\.$/, '')} (MySQL error ${error.errno}, SQLSTATE ${error.sqlState})`;
  const line = /at line (\d+)$/.exec(error.sqlMessage);
  if (line !== null) {
    details.line = Number(line[1]);
    message += `: ${lineExcerpt(sql, Number(line[1]))}`;
  }
  const column = columnNamed(error.sqlMessage);
  if (column !== undefined) details.column = column;
  const row = /at row (\d+)/.exec(error.sqlMessage);
  if (row !== null) details.statementRow = Number(row[1]);
  return new ZiggyError('bad_input', `${message}.`, details);
}

/**
 * The column a message names: "Column 'qty' cannot be null", "… for column `db`.`t`.`qty` at
 * row 3". The server does not escape backticks inside names, so the last quoted part is taken.
 */
function columnNamed(message: string): string | undefined {
  return (/[Cc]olumn '([^']*)'/.exec(message) ?? /[Cc]olumn .*`([^`]*)`/.exec(message))?.[1];
}
