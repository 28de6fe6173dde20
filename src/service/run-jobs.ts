/**
 * A run as it travels from the process that accepted it to the one that executes it: checked
 * already (permissions, parameters, the saved block's code taken at its version), so a worker
 * only executes. It is what the queue stores; it holds the caller's inputs and no secret value.
 */
import { z } from 'zod';
import { modes } from '../core/index.ts';
import type { RunRecord, RunTarget } from './run-types.ts';

const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('block'), name: z.string(), version: z.number().int(), codeHash: z.string() }),
  z.object({ kind: z.literal('code'), codeHash: z.string() }),
  z.object({ kind: z.literal('operation'), connection: z.string(), operation: z.string() }),
]);

const codeJob = z.object({
  kind: z.literal('code'),
  target,
  code: z.string(),
  inputs: z.array(z.unknown()),
  mode: z.enum(modes),
  startedBy: z.string(),
  /** Whose code it is, for the runner's trust lane. */
  author: z.string(),
  timeoutMs: z.number().int().positive().optional(),
});

const operationJob = z.object({
  kind: z.literal('operation'),
  connection: z.string(),
  operation: z.string(),
  params: z.unknown(),
  mode: z.enum(modes),
  startedBy: z.string(),
});

const runJob = z.discriminatedUnion('kind', [codeJob, operationJob]);

/**
 * `allowLocalFiles` exists only on a job executed where it was accepted (the local CLI): the
 * queue's schema has no such field, so a job read back from the queue never allows them.
 */
export type RunJob = z.infer<typeof codeJob> | (z.infer<typeof operationJob> & { allowLocalFiles?: boolean });

/** A job read back from the queue; what another version wrote and this one cannot read is refused. */
export function parseRunJob(payload: unknown): RunJob {
  return runJob.parse(payload);
}

export function targetOf(job: RunJob): RunTarget {
  return job.kind === 'code' ? job.target : { kind: 'operation', connection: job.connection, operation: job.operation };
}

/** What a run not ended yet shows: its target and who started it, no result yet. */
export function pendingRecord(id: string, job: RunJob, status: 'queued' | 'running', startedAt: string): RunRecord {
  return { id, target: targetOf(job), mode: job.mode, startedBy: job.startedBy, startedAt, durationMs: 0, status, outputs: [], console: [], truncated: false };
}
