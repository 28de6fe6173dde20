import type { RunStore } from '../store/types.ts';
import type { RunSettings } from './run-types.ts';

/** Retention is checked at most this often, so a burst of runs does not rescan the table each time. */
export const retentionIntervalMs = 60_000;

const dayMs = 24 * 60 * 60_000;

export interface RunRetention {
  /** Called after each recorded run: deletes runs past their age or beyond the count, at most once per interval. */
  afterRun(): Promise<void>;
}

export function createRunRetention(
  runs: RunStore,
  settings: Pick<RunSettings, 'retentionDays' | 'retentionCount'>,
  now: () => Date,
): RunRetention {
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    async afterRun() {
      const time = now().getTime();
      if (time - lastPrune < retentionIntervalMs) return;
      lastPrune = time;
      try {
        await runs.deleteOlderThan(new Date(time - settings.retentionDays * dayMs).toISOString());
        await runs.deleteBeyondCount(settings.retentionCount);
      } catch {
        // The run itself is recorded; a busy database only postpones the cleanup to the next run.
        lastPrune = Number.NEGATIVE_INFINITY;
      }
    },
  };
}
