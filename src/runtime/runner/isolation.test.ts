import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { readablePaths, runnerMainPath } from './launch.ts';
import { createRunnerPool } from './runner-pool.ts';
import { tempLogsDir, testResolvers } from './test-resolvers.ts';
import type { RunnerPool } from './types.ts';

const masterKeyCanary = `canary-master-key-${randomBytes(4).toString('hex')}`;
let logsDir: string;
let outsideDir: string;
let pool: RunnerPool;

before(async () => {
  // What a server's environment holds; none of it may reach a runner.
  process.env['ZIGGY_MASTER_KEY'] = masterKeyCanary;
  process.env['ZIGGY_DATA_DIR'] = '/var/lib/ziggy';
  process.env['PGPASSWORD'] = masterKeyCanary;
  logsDir = await tempLogsDir();
  outsideDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-outside-'));
  await writeFile(path.join(outsideDir, 'master.key'), masterKeyCanary, { mode: 0o600 });
  const { resolvers } = testResolvers({});
  pool = createRunnerPool({ size: 1, logsDir, ...resolvers });
});

after(async () => {
  await pool.close();
  delete process.env['ZIGGY_MASTER_KEY'];
  delete process.env['ZIGGY_DATA_DIR'];
  delete process.env['PGPASSWORD'];
  await rm(logsDir, { recursive: true, force: true });
  await rm(outsideDir, { recursive: true, force: true });
});

async function ok(code: string, inputs: unknown[] = []): Promise<unknown> {
  const result = await pool.run({ code, inputs, mode: 'dev', author: 'user:test', executionId: 'isolation' });
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  return result.result;
}

// Reaches the runner's real `process` through a function of the runner's own realm.
const escape = "const escaped = consoleMsg.constructor('return process')();";
// Runs an action and reports its error code, or 'allowed'.
const attempt = 'const attempt = (action) => { try { action(); return "allowed"; } catch (error) { return error.code; } };';

describe('runner isolation', () => {
  it('does not hand the block the runner\'s process through the global object', async () => {
    const result = await pool.run({ code: "async function () { return this.constructor.constructor('return process')(); }", inputs: [], mode: 'dev', author: 'user:test', executionId: 'x' });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.message, 'process is not defined');
  });

  it('leaves the escaped process an environment without the server\'s settings', async () => {
    const result = (await ok(`async function () { ${escape} return { pid: escaped.pid, env: { ...escaped.env } }; }`)) as { pid: number; env: Record<string, string> };
    // In the sandbox's private PID namespace the runner is process 2, below bubblewrap's init.
    assert.equal(result.pid, 2);
    assert.equal(result.env['ZIGGY_MASTER_KEY'], undefined);
    // bubblewrap sets PWD to the sandbox's working directory, its empty private /tmp.
    assert.equal(result.env['PWD'], '/tmp');
    assert.deepEqual(Object.keys(result.env).filter((name) => !['TZ', 'LANG', 'LC_ALL', 'NODE_ENV', 'PWD'].includes(name)), []);
  });

  it('denies the escaped process reading outside the code, writing files and starting processes or threads', async () => {
    const written = path.join(os.tmpdir(), `ziggy-runner-write-${randomBytes(4).toString('hex')}`);
    const dataKey = path.join(path.dirname(readablePaths()[0] ?? ''), 'data', 'master.key');
    const result = await ok(
      `async function (keyFile, writeTarget, dataKey) {
        ${escape}
        ${attempt}
        const fs = escaped.getBuiltinModule('node:fs');
        const childProcess = escaped.getBuiltinModule('node:child_process');
        const workers = escaped.getBuiltinModule('node:worker_threads');
        return {
          readKey: attempt(() => fs.readFileSync(keyFile, 'utf8')),
          readDataKey: escaped.permission.has('fs.read', dataKey),
          write: attempt(() => fs.writeFileSync(writeTarget, 'x')),
          spawn: attempt(() => childProcess.spawn('/bin/sh', ['-c', 'true'])),
          exec: attempt(() => childProcess.execSync('true')),
          worker: attempt(() => new workers.Worker('0', { eval: true })),
          addon: attempt(() => escaped.dlopen({ exports: {} }, '/nonexistent/addon.node')),
          execArgv: escaped.execArgv,
        };
      }`,
      [path.join(outsideDir, 'master.key'), written, dataKey],
    );
    const report = result as Record<string, unknown>;
    assert.equal(report['readKey'], 'ERR_ACCESS_DENIED');
    assert.equal(report['readDataKey'], false);
    assert.equal(report['write'], 'ERR_ACCESS_DENIED');
    assert.equal(existsSync(written), false);
    assert.equal(report['spawn'], 'ERR_ACCESS_DENIED');
    assert.equal(report['exec'], 'ERR_ACCESS_DENIED');
    assert.equal(report['worker'], 'ERR_ACCESS_DENIED');
    assert.equal(report['addon'], 'ERR_DLOPEN_DISABLED');
    const flags = report['execArgv'] as string[];
    assert.ok(flags.includes('--permission'));
    assert.ok(flags.includes('--max-old-space-size=256'));
    assert.ok(flags.includes('--disable-proto=delete'));
    assert.deepEqual(flags.filter((flag) => /^--allow-(fs-write|child-process|worker|addons|wasi|inspector)/.test(flag)), []);
  });

  it('only lets the escaped process read the package code and node_modules', async () => {
    const result = (await ok(`async function () { ${escape} return escaped.execArgv.filter((flag) => flag.startsWith('--allow-fs-read=')); }`)) as string[];
    assert.deepEqual(result, readablePaths().map((readable) => `--allow-fs-read=${readable}`));
    assert.ok(readablePaths().every((readable) => /(package\.json|src|node_modules)$/.test(readable)));
  });

  it('has no __proto__ accessor in the runner', async () => {
    assert.equal(await ok(`async function () { ${escape} return escaped.getBuiltinModule('node:vm').runInThisContext('"__proto__" in Object.prototype'); }`), false);
  });

  it('refuses to start without the permission model', async () => {
    const child = fork(runnerMainPath, [], { execArgv: [], env: {}, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 70);
    assert.match(stderr, /must be started by the runner pool, with --permission/);
  });
});
