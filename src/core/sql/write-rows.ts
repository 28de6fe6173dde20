import type { OperationContext } from '../connector.ts';
import { isZiggyError, ZiggyError } from '../errors.ts';
import type { Row, SqlDriver } from './dialect.ts';
import { insertStatement, rowsPerStatement, type InsertPlan } from './insert-statement.ts';
import { inTransaction } from './lease.ts';

export interface WriteResult {
  count: number;
  rows?: Row[];
}

/**
 * Writes `rows` with batched INSERT statements, all in one transaction on one pooled connection,
 * so a failing row leaves nothing behind.
 */
export async function writeRows<Client extends object>(
  driver: SqlDriver<Client>,
  client: Client,
  plan: InsertPlan,
  rows: ReadonlyArray<Record<string, unknown>>,
  batchSize: number,
  context: OperationContext,
): Promise<WriteResult> {
  const { dialect } = driver;
  const returning = plan.returning !== undefined && plan.returning.length > 0;
  if (rows.length === 0) return returning ? { count: 0, rows: [] } : { count: 0 };
  const perStatement = rowsPerStatement(dialect, batchSize, plan.pairs.length);
  const statements = Math.ceil(rows.length / perStatement);
  context.log(`Writing ${rows.length} rows into ${plan.target} in ${statements} statement(s) of up to ${perStatement} rows, in one transaction.`);
  return inTransaction(driver, client, context.signal, async (connection) => {
    let count = 0;
    const returned: Row[] = [];
    for (let start = 0; start < rows.length; start += perStatement) {
      context.signal.throwIfAborted();
      const batch = rows.slice(start, start + perStatement);
      const statement = insertStatement(dialect, plan, batch);
      try {
        const result = await connection.execute(statement);
        count += plan.conflict === undefined ? result.affected : dialect.upsertedRows(result, batch.length, plan.conflict);
        if (returning) for (const row of result.rows) returned.push(row);
      } catch (error) {
        throw atInputRow(driver.failure(error, statement.text), start);
      }
    }
    return returning ? { count, rows: returned } : { count };
  });
}

/**
 * A server that names the row of a multi-row statement at fault (MySQL: "at row 3") names it
 * within the batch; this turns it into the row of the operation's input, counted from 1.
 */
function atInputRow(failure: unknown, batchStart: number): unknown {
  const statementRow = isZiggyError(failure) ? failure.details?.statementRow : undefined;
  if (!isZiggyError(failure) || typeof statementRow !== 'number') return failure;
  const row = batchStart + statementRow - 1;
  return new ZiggyError(failure.id, `${failure.message} Row ${row + 1} of rows.`, { ...failure.details, field: 'rows', row });
}
