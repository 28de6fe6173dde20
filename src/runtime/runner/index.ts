export { createRunnerPool } from './runner-pool.ts';
export { runStatuses } from './types.ts';
export type {
  BlockRunResult,
  ConsoleLevel,
  ConsoleLine,
  ResolvedConnectionConfig,
  RunnerPool,
  RunnerPoolOptions,
  RunnerPoolStats,
  RunnerStats,
  RunOutput,
  RunRequest,
  RunStatus,
} from './types.ts';
