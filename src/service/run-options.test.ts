import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ZiggyError } from '../core/index.ts';
import { openServices } from './index.ts';
import { resolveRunOptions } from './run-options.ts';

describe('resolveRunOptions', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(resolveRunOptions(), {
      runners: 2,
      runnerSpares: 1,
      runnerLanes: 8,
      laneIdleMs: 300_000,
      isolation: 'sandbox',
      timeoutMs: 30_000,
      memoryMb: 256,
      maxRecordBytes: 256 * 1024,
      retentionDays: 30,
      retentionCount: 10_000,
    });
  });

  it('reads each limit from its environment variable; an option given in code wins', () => {
    const env = {
      ZIGGY_RUNNERS: '4',
      ZIGGY_RUN_TIMEOUT_MS: ' 5000 ',
      ZIGGY_RUN_MEMORY_MB: '512',
      ZIGGY_RUN_MAX_RECORD_BYTES: '4096',
      ZIGGY_RUN_RETENTION_DAYS: '7',
      ZIGGY_RUN_RETENTION_COUNT: '',
      ZIGGY_RUNNER_SPARES: '0',
      ZIGGY_RUNNER_LANES: '3',
      ZIGGY_RUNNER_LANE_IDLE_MS: '60000',
      ZIGGY_BLOCK_ISOLATION: 'permission-only',
    };
    assert.deepEqual(resolveRunOptions({ runners: 1 }, env), {
      runners: 1,
      runnerSpares: 0,
      runnerLanes: 3,
      laneIdleMs: 60_000,
      isolation: 'permission-only',
      timeoutMs: 5000,
      memoryMb: 512,
      maxRecordBytes: 4096,
      retentionDays: 7,
      retentionCount: 10_000,
    });
  });

  it('refuses a limit that is not a whole number in range, naming where it came from', () => {
    const refuses = (message: string) => (error: unknown) => {
      assert.ok(error instanceof ZiggyError);
      assert.equal(error.id, 'bad_input');
      assert.equal(error.message, message);
      return true;
    };
    assert.throws(() => resolveRunOptions({}, { ZIGGY_RUN_TIMEOUT_MS: '30s' }), refuses('ZIGGY_RUN_TIMEOUT_MS must be a whole number of at least 1; got "30s".'));
    assert.throws(() => resolveRunOptions({}, { ZIGGY_RUNNERS: '0' }), refuses('ZIGGY_RUNNERS must be a whole number of at least 1; got "0".'));
    assert.throws(() => resolveRunOptions({ memoryMb: 8 }), refuses('runs.memoryMb must be a whole number of at least 32; got 8.'));
    assert.throws(
      () => resolveRunOptions({}, { ZIGGY_BLOCK_ISOLATION: 'none' }),
      refuses('ZIGGY_BLOCK_ISOLATION must be one of sandbox, permission-only; got "none".'),
    );
    assert.throws(() => resolveRunOptions({ retentionDays: 1.5 }), refuses('runs.retentionDays must be a whole number of at least 1; got 1.5.'));
  });
});

describe('openServices with run limits', () => {
  it('refuses to open with a bad limit in the environment, before creating anything', async () => {
    const dataDir = path.join(os.tmpdir(), `ziggy-never-created-${process.pid}`);
    await assert.rejects(openServices({ dataDir, env: { ZIGGY_RUN_RETENTION_COUNT: 'many' } }), /ZIGGY_RUN_RETENTION_COUNT must be a whole number/);
    assert.equal(existsSync(dataDir), false);
  });
});
