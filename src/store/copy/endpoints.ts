/**
 * What the copy needs of each side, so one copy works between any two stores: a source
 * reads rows table by table inside one consistent snapshot; a target writes them inside
 * one transaction. Rows travel as CopiedRow (see tables.ts), never as decoded records.
 */
import type { StoreLocation } from './locations.ts';
import type { CopiedRow, CopiedTable } from './tables.ts';

interface StoreEndpoint {
  location: StoreLocation;
  /** How many rows the table holds, as this side's snapshot or transaction sees it. */
  count(table: CopiedTable): Promise<number>;
  close(): Promise<void>;
}

export interface CopySource extends StoreEndpoint {
  /** The schema version the store records; 0 when it records none (not a Ziggy store). */
  schemaVersion(): Promise<number>;
  /** The schema version this Ziggy's code writes for this kind of store. */
  knownVersion: number;
  /** Runs `work` with every count and read seeing one snapshot, unaffected by writers meanwhile. */
  snapshot<T>(work: () => Promise<T>): Promise<T>;
  /** The table's rows in batches of at most `batchSize`, in insertion order. */
  rows(table: CopiedTable, batchSize: number): AsyncGenerator<CopiedRow[]>;
}

export interface CopyTarget extends StoreEndpoint {
  /** Runs `work` in one transaction that keeps other writers out; commits when it returns, rolls back when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Inserts the rows as they are, identity values included. */
  insert(table: CopiedTable, rows: readonly CopiedRow[]): Promise<void>;
  /** Moves identity counters past the copied values, so rows added later do not collide. */
  moveIdentityCounters(): Promise<void>;
}
