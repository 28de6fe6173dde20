export interface Measurement {
  iterations: number;
  /** Microseconds. */
  medianUs: number;
  p99Us: number;
  opsPerSecond: number;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** Median, p99 and throughput of per-call times in milliseconds; `totalMs` defaults to their sum. */
export function summarize(samplesMs: readonly number[], totalMs = samplesMs.reduce((sum, ms) => sum + ms, 0)): Measurement {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const us = (ms: number) => Math.round(ms * 1000 * 100) / 100;
  return {
    iterations: sorted.length,
    medianUs: us(percentile(sorted, 0.5)),
    p99Us: us(percentile(sorted, 0.99)),
    opsPerSecond: Math.round(sorted.length / (totalMs / 1000)),
  };
}

/** Times each call of `operation` after a warm-up of a tenth of the iterations. */
export async function measure(iterations: number, operation: () => Promise<void>): Promise<Measurement> {
  for (let i = 0; i < Math.ceil(iterations / 10); i++) await operation();
  const samples = new Array<number>(iterations);
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await operation();
    samples[i] = performance.now() - t0;
  }
  return summarize(samples, performance.now() - started);
}
