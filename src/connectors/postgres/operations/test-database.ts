import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Operation, OperationContext } from '../../../core/index.ts';

/** The real server on this machine (trust auth). If it is down the operation tests fail; they never skip. */
export const live = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

export function testPool(max = 4): pg.Pool {
  const pool = new pg.Pool({ ...live, max });
  pool.on('error', () => undefined);
  return pool;
}

/** A name no other test run uses, so test files can run in parallel against one database. */
export function uniqueName(label: string): string {
  return `${label} ${process.pid} ${randomBytes(3).toString('hex')}`;
}

export interface TestContext extends OperationContext {
  lines: string[];
}

export function testContext(signal = new AbortController().signal): TestContext {
  const lines: string[] = [];
  return { signal, lines, log: (message) => void lines.push(message) };
}

/** Runs an operation the way a block does: parameters through the input schema first. */
export function runOperation(
  operation: Operation<pg.Pool>,
  pool: pg.Pool,
  params: unknown,
  context: OperationContext = testContext(),
): Promise<unknown> {
  return operation.run(pool, operation.input.parse(params), context);
}

/** Every row of a table, ordered by its first column, read with plain SQL outside the operations under test. */
export async function tableRows(pool: pg.Pool, table: string): Promise<Array<Record<string, unknown>>> {
  return (await pool.query(`SELECT * FROM ${pg.escapeIdentifier(table)} ORDER BY 1`)).rows;
}
