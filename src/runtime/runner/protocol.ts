import type { Mode } from '../../core/index.ts';
import type { ConsoleLine, RunOutput } from './types.ts';

/** The IPC messages between the pool (parent) and a runner process, sent with advanced serialization. */

/** A connection handed to a run: its real name (the client cache key), type and validated config. */
export interface ConnectionGrant {
  name: string;
  type: string;
  config: unknown;
  /** For a plugin type: the module file to import it from, inside the plugins directory. */
  entry?: string;
}

/** A connection the code names, by the key it wrote (`crm_prod`, `crm-prod`), or why it cannot have it. */
export type NamedConnection = { key: string; grant: ConnectionGrant } | { key: string; error: string };

export type SysLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export interface SysLogRecord {
  level: SysLogLevel;
  message: string;
  traceInfo?: unknown;
  extraData?: unknown;
  at: string;
}

export interface RunMessage {
  type: 'run';
  runId: number;
  code: string;
  inputs: unknown[];
  mode: Mode;
  executionId: string;
  timeoutMs: number;
  connections: NamedConnection[];
  secrets: Array<[name: string, value: string]>;
  /** Plaintext values the runner must scrub: the run's secrets and the secret fields of its configs. */
  redact: string[];
}

/** The parent's answer to a `connection` request for a name the code did not spell out. */
export type ConnectionAnswer = { type: 'connection'; requestId: number; redact: string[] } & (
  | { grant: ConnectionGrant }
  | { error: string }
);

export type ToRunner = RunMessage | ConnectionAnswer;

export type RunEnd =
  | { status: 'ok'; result: unknown; outputs: RunOutput[] }
  | { status: 'error' | 'timeout'; outputs: RunOutput[]; error: { message: string; stack?: string } };

export type FromRunner =
  | { type: 'console'; runId: number; line: ConsoleLine }
  | { type: 'sysLog'; runId: number; record: SysLogRecord }
  | { type: 'connection'; runId: number; requestId: number; name: string }
  | ({ type: 'done'; runId: number } & RunEnd);
