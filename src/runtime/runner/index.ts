export { blockIsolation, isolationSettings, type BlockIsolation, type IsolationSetting } from './isolation-level.ts';
export { createRunnerPool } from './runner-pool.ts';
export { runStatuses } from './types.ts';
export type {
  BlockRunResult,
  ConsoleLevel,
  ConsoleLine,
  LaneStats,
  ResolvedConnectionConfig,
  RunnerPool,
  RunnerPoolOptions,
  RunnerPoolStats,
  RunnerStats,
  RunOutput,
  RunRequest,
  RunStatus,
} from './types.ts';
