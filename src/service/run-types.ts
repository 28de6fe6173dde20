import type { Mode } from '../core/index.ts';
import type { ConsoleLine, RunOutput, RunStatus } from '../runtime/runner/types.ts';
import type { Actor } from '../store/types.ts';

export type { ConsoleLine, RunOutput, RunStatus };
import { runStatuses } from '../runtime/runner/types.ts';

export { runStatuses };

/** How a run stands: ended (a RunStatus), or waiting for a worker, or running. */
export type RunState = RunStatus | 'queued' | 'running';
export const runStates: readonly RunState[] = [...runStatuses, 'queued', 'running'];

/** Not ended yet: waiting for a worker, or running. */
export function isPendingRun(run: { status: RunState }): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/** What a run executed: a saved block, code sent with the request, or a connection's operation. */
export type RunTarget =
  | { kind: 'block'; name: string; version: number; codeHash: string }
  | { kind: 'code'; codeHash: string }
  | { kind: 'operation'; connection: string; operation: string };

/**
 * One execution, as recorded. Everything in it has passed through the redactor; outputs,
 * result and console lines are cut beyond the configured size and say so in `truncated`.
 * Values are JSON: bigints as decimal text, bytes as base64 text, dates as ISO text. Cutting
 * keeps an array's first items, shares the size among an object's fields, and replaces a
 * value too large to cut by `{ truncated: true, bytes }` (its size as JSON).
 */
export interface RunRecord {
  id: string;
  target: RunTarget;
  mode: Mode;
  /** Who started it: `user:alice`, `token:ci/deploy`, `cli:bob`. */
  startedBy: Actor;
  startedAt: string;
  durationMs: number;
  /** `queued` and `running` only while it has not ended (`?wait=false`); a recorded run has ended. */
  status: RunState;
  /** A block's return value; an operation's result (for a streamed result: the rows read, cut like outputs). */
  result?: unknown;
  /** branchTo data per edge. */
  outputs: RunOutput[];
  console: ConsoleLine[];
  error?: { message: string; stack?: string };
  /** Facts about the run: rows streamed, batches, bytes cut; `attempt` when a retry-safe block ran again after its worker stopped. */
  stats?: Record<string, number>;
  truncated: boolean;
}

/** A run that has ended, as the store keeps it. */
export type EndedRunRecord = RunRecord & { status: RunStatus };

export interface BlockView {
  name: string;
  description: string;
  code: string;
  /** Run again on another worker (up to 3 attempts) when the worker running it stops; see docs/blocks.md. */
  retrySafe: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor;
}

export interface SaveBlockInput {
  name: string;
  description?: string;
  code: string;
  /** Left out: false for a new block, unchanged for an existing one. */
  retrySafe?: boolean;
  /** For an existing block: the version last seen (optimistic concurrency, like connections). */
  version?: number;
}

/** Whether the call waits for the run to end (default) or returns at once with the run queued or running. */
export interface RunWaiting {
  wait?: boolean;
}

export interface RunCodeInput extends RunWaiting {
  code: string;
  inputs?: unknown[];
  /** Default: the server-wide default mode setting. */
  mode?: Mode;
  timeoutMs?: number;
}

export interface RunOperationInput extends RunWaiting {
  connection: string;
  operation: string;
  params: unknown;
  /** Default: the server-wide default mode setting. */
  mode?: Mode;
  /**
   * Whether parameters may name files on this machine (the SFTP Block's `localPath`). Only the
   * local CLI sets it: over the API a caller must never make the server read or write its files.
   */
  allowLocalFiles?: boolean;
}

export interface RunFilter {
  /** A saved block's name, or an operation as `connection/operation`. */
  target?: string;
  status?: RunStatus;
  mode?: Mode;
  startedBy?: Actor;
  limit?: number;
}

export interface RunSettings {
  /** Output, result and console text kept per run, in bytes of JSON; beyond it the record is cut. Default 256 KiB. */
  maxRecordBytes: number;
  /** Runs older than this are deleted. Default 30 days. */
  retentionDays: number;
  /** At most this many runs are kept, newest first. Default 10 000. */
  retentionCount: number;
}

export interface BlockService {
  list(): Promise<BlockView[]>;
  get(name: string): Promise<BlockView>;
  /** Creates or replaces; checks the code parses (positions in the error) before saving. Audited. */
  save(input: SaveBlockInput, actor: Actor): Promise<BlockView>;
  delete(name: string, actor: Actor): Promise<void>;
}

export interface RunBlockInput extends RunWaiting {
  inputs?: unknown[];
  mode?: Mode;
  timeoutMs?: number;
}

export interface RunService {
  /** Runs code in a runner process and records the run. Never throws for a failing block: the record says how it failed. */
  runCode(input: RunCodeInput, actor: Actor): Promise<RunRecord>;
  /** Runs a saved block by name: how outside systems launch work with an execution token. */
  /** Default mode: dev, whatever the server's default, so production is always asked for explicitly. */
  runBlock(name: string, input: RunBlockInput, actor: Actor): Promise<RunRecord>;
  /** Runs a connection's operation against its cached client, and records it. */
  runOperation(input: RunOperationInput, actor: Actor): Promise<RunRecord>;
  list(filter?: RunFilter): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord>;
  /** Stops the runner processes. */
  close(): Promise<void>;
}
