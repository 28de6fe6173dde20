// The SQL Block: one set of operations over a dialect and a driver adapter that each SQL connector supplies.
import type { SqlDriver } from './dialect.ts';
import { deleteOperation } from './delete.ts';
import { edgeOperation } from './edge.ts';
import { sqlFields } from './fields.ts';
import { insertOperation } from './insert.ts';
import { rawOperation } from './raw.ts';
import { selectOperation } from './select.ts';
import { updateOperation } from './update.ts';
import { upsertOperation } from './upsert.ts';

export type * from './dialect.ts';
export { leaseCounts, type LeaseCounts } from './lease.ts';
export { rowsPerStatement } from './insert-statement.ts';
export { closeSignal, RowStreamReader } from './row-stream.ts';
export { boundValue, type BoundValue } from './bound-value.ts';
export { mergeUpsert, type MergeSyntax } from './merge-upsert.ts';
export { lineAndColumn, sqlExcerpt } from './position.ts';

/** The SQL Block's operations for one connector, under the names the UI and the API use. */
export function sqlOperations<Client extends object>(driver: SqlDriver<Client>) {
  const fields = sqlFields(driver.dialect);
  return {
    select: selectOperation(driver, fields),
    insert: insertOperation(driver, fields),
    upsert: upsertOperation(driver, fields),
    update: updateOperation(driver, fields),
    delete: deleteOperation(driver, fields),
    raw: rawOperation(driver, fields),
    edge: edgeOperation(driver, fields),
  };
}
