import type pg from 'pg';
import type { OperationContext } from '../../../core/index.ts';
import { postgresFailure } from './errors.ts';
import { insertStatement, rowsPerStatement, type InsertPlan } from './insert-statement.ts';
import { inTransaction } from './lease.ts';

export interface WriteResult {
  count: number;
  rows?: Array<Record<string, unknown>>;
}

/**
 * Writes `rows` with batched INSERT statements, all in one transaction on one pooled client, so
 * a failing row leaves nothing behind.
 */
export async function writeRows(
  pool: pg.Pool,
  plan: InsertPlan,
  rows: ReadonlyArray<Record<string, unknown>>,
  batchSize: number,
  context: OperationContext,
): Promise<WriteResult> {
  const returning = plan.returning !== undefined && plan.returning.length > 0;
  if (rows.length === 0) return returning ? { count: 0, rows: [] } : { count: 0 };
  const perStatement = rowsPerStatement(batchSize, plan.pairs.length);
  const statements = Math.ceil(rows.length / perStatement);
  context.log(`Writing ${rows.length} rows into ${plan.target} in ${statements} statement(s) of up to ${perStatement} rows, in one transaction.`);
  return inTransaction(pool, context.signal, async (client) => {
    let count = 0;
    const returned: Array<Record<string, unknown>> = [];
    for (let start = 0; start < rows.length; start += perStatement) {
      context.signal.throwIfAborted();
      const { text, values } = insertStatement(plan, rows.slice(start, start + perStatement));
      try {
        const result = await client.query<Record<string, unknown>>(text, values);
        count += result.rowCount ?? 0;
        if (returning) for (const row of result.rows) returned.push(row);
      } catch (error) {
        throw postgresFailure(error, text);
      }
    }
    return returning ? { count, rows: returned } : { count };
  });
}
