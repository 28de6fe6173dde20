/** The copy's check: every table holds in the target as many rows as the source's snapshot did. */

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export function mismatchedCounts(counts: readonly TableCount[]): TableCount[] {
  return counts.filter((count) => count.source !== count.target);
}

/** `runs 100 in the source, 99 in the target; …`, for the error a mismatch raises. */
export function describeMismatches(mismatches: readonly TableCount[]): string {
  return mismatches.map((count) => `${count.table} ${count.source} in the source, ${count.target} in the target`).join('; ');
}

/** `3 connections, 1 users`: what a target already holds, tables with no rows left out. */
export function describeHeld(counts: readonly TableCount[]): string {
  return counts
    .filter((count) => count.target > 0)
    .map((count) => `${count.target} ${count.table}`)
    .join(', ');
}
