import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRunnerPool } from './runner-pool.ts';
import { tempLogsDir, testResolvers } from './test-resolvers.ts';
import type { BlockRunResult, RunnerPool, RunRequest } from './types.ts';

let logsDir: string;
let pool: RunnerPool;
let runs = 0;

before(async () => {
  logsDir = await tempLogsDir();
  const { resolvers } = testResolvers({}, { GREETING: { dev: 'hello-dev', prod: 'hello-prod' } });
  // One runner, so a run is known to follow the previous one in the same process.
  pool = createRunnerPool({ size: 1, logsDir, ...resolvers });
});

after(async () => {
  await pool.close();
  await rm(logsDir, { recursive: true, force: true });
});

function run(code: string, options: Partial<RunRequest> = {}): Promise<BlockRunResult> {
  runs++;
  return pool.run({ code, inputs: [], mode: 'dev', author: 'user:test', executionId: `exec-${runs}`, ...options });
}

async function ok(code: string, options: Partial<RunRequest> = {}): Promise<BlockRunResult> {
  const result = await run(code, options);
  assert.equal(result.status, 'ok', JSON.stringify(result.error));
  return result;
}

async function sysLogLines(executionId: string): Promise<Array<Record<string, unknown>>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const file of await readdir(logsDir)) {
    assert.match(file, /^ziggy-\d{4}-\d{2}-\d{2}-\d{2}\.log$/);
    for (const line of (await readFile(path.join(logsDir, file), 'utf8')).split('\n')) {
      if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return lines.filter((line) => line['executionId'] === executionId);
}

describe('block globals', () => {
  it('passes the inputs as arguments and returns the result', async () => {
    const result = await ok('async function (a, b) { return { sum: a + b.n }; }', { inputs: [2, { n: 3 }] });
    assert.deepEqual(result.result, { sum: 5 });
    assert.deepEqual(result.outputs, []);
    assert.equal(typeof result.durationMs, 'number');
  });

  it('accepts a plain function and an arrow function', async () => {
    assert.equal((await ok('function (a) { return a * 2; }', { inputs: [21] })).result, 42);
    assert.equal((await ok('(a) => a + 1', { inputs: [1] })).result, 2);
  });

  it('gives executionId, mode and the secrets the code names in the run\'s mode', async () => {
    const code = 'async function () { return [executionId, mode, secrets.GREETING, secrets.UNKNOWN]; }';
    const dev = await ok(code, { executionId: 'run-dev' });
    // The secret's own value is scrubbed from what the run reports, so compare its length.
    assert.deepEqual(dev.result, ['run-dev', 'dev', '[secret]', undefined]);
    const lengths = await ok('async function () { return secrets.GREETING.length; }', { mode: 'prod' });
    assert.equal(lengths.result, 'hello-prod'.length);
  });

  it('routes branchTo data to output edges, and keeps the return value apart', async () => {
    const result = await ok(`async function () {
      branchTo(1, 'first');
      branchTo(0, { a: 1 });
      branchTo(1, 'second');
      return 'returned';
    }`);
    assert.deepEqual(result.outputs, [
      { edge: 0, items: [{ a: 1 }] },
      { edge: 1, items: ['first', 'second'] },
    ]);
    assert.equal(result.result, 'returned');
  });

  it('refuses an output index that is not a whole number from 0 to 99', async () => {
    for (const index of ['-1', '1.5', "'1'", '100']) {
      const result = await run(`async function () { branchTo(${index}, 'x'); }`);
      assert.equal(result.status, 'error', index);
      assert.match(result.error?.message ?? '', /branchTo: the output index must be a whole number from 0 to 99/);
    }
  });

  it('captures consoleMsg and console lines with their level, formatted like console.log', async () => {
    const result = await ok(`async function () {
      consoleMsg('plain', 1, { list: [1, 2] });
      console.log('%s is %d', 'answer', 42);
      console.info('info');
      console.warn('warn');
      console.error(new Map([['k', 'v']]));
    }`);
    assert.deepEqual(
      result.console.map(({ level, text }) => [level, text]),
      [
        ['log', 'plain 1 { list: [ 1, 2 ] }'],
        ['log', 'answer is 42'],
        ['info', 'info'],
        ['warn', 'warn'],
        ['error', "Map(1) { 'k' => 'v' }"],
      ],
    );
    for (const line of result.console) assert.ok(!Number.isNaN(Date.parse(line.at)));
  });

  it('writes sysLog lines as JSON to the hourly file under logsDir', async () => {
    await ok(
      `async function () {
        sysLog.log('started', { rows: 3 });
        sysLog.warn('slow');
        sysLog.debug('debug');
        sysLog.verbose('verbose');
        sysLog.error('failed', new Error('inner problem'), { id: 7 });
      }`,
      { executionId: 'sys-log-run', mode: 'prod' },
    );
    const lines = await sysLogLines('sys-log-run');
    assert.deepEqual(
      lines.map(({ level, message, mode }) => [level, message, mode]),
      [
        ['log', 'started', 'prod'],
        ['warn', 'slow', 'prod'],
        ['debug', 'debug', 'prod'],
        ['verbose', 'verbose', 'prod'],
        ['error', 'failed', 'prod'],
      ],
    );
    assert.deepEqual(lines[0]?.['extraData'], { rows: 3 });
    const failure = lines[4] as { traceInfo: { message: string; stack: string }; extraData: unknown };
    assert.equal(failure.traceInfo.message, 'inner problem');
    assert.match(failure.traceInfo.stack, /at block\.js:6:32/);
    assert.deepEqual(failure.extraData, { id: 7 });
  });

  it('waits with snooze', async () => {
    const result = await ok('async function () { const start = Date.now(); await snooze(60); return Date.now() - start; }');
    assert.ok((result.result as number) >= 55, String(result.result));
  });

  it('clears timers a run left behind, so they never fire into the next run', async () => {
    const first = await ok("async function () { setTimeout(() => consoleMsg('late'), 50); setInterval(() => consoleMsg('tick'), 10); return 1; }");
    const second = await ok('async function () { await snooze(150); return 2; }');
    assert.deepEqual([...first.console, ...second.console], []);
  });

  it('gives each run a fresh global scope', async () => {
    await ok("async function () { globalThis.leftOver = 'x'; Array.prototype.polluted = 1; }");
    const result = await ok('async function () { return [typeof leftOver, [].polluted]; }');
    assert.deepEqual(result.result, ['undefined', undefined]);
  });

  it('reports a thrown error with the stack frames of the block only', async () => {
    const result = await run(`async function () {
  const helper = () => {
    throw new TypeError('bad thing');
  };
  helper();
}`);
    assert.equal(result.status, 'error');
    assert.equal(result.error?.message, 'bad thing');
    assert.equal(result.error?.stack, 'TypeError: bad thing\n    at helper (block.js:3:11)\n    at block.js:5:3');
  });

  it('reports a thrown non-Error value, and an error thrown in a timer callback', async () => {
    assert.equal((await run("async function () { throw 'plain text'; }")).error?.message, "The block threw 'plain text'");
    const timer = await run("async function () { setTimeout(() => { throw new Error('from a timer'); }, 5); await snooze(1000); }");
    assert.equal(timer.status, 'error');
    assert.equal(timer.error?.message, 'from a timer');
  });

  it('fails the run on a promise rejection nobody handled', async () => {
    const result = await run("async function () { Promise.reject(new Error('forgotten')); await snooze(1000); }");
    assert.equal(result.status, 'error');
    assert.equal(result.error?.message, 'forgotten');
  });

  it('reports inputs that cannot be sent, and the runner stays usable', async () => {
    const result = await run('async function (f) { return typeof f; }', { inputs: [() => 1] });
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', /^The inputs cannot be sent to the block: /);
    assert.equal((await ok('async function () { return "still here"; }')).result, 'still here');
  });

  it('reports code that does not parse with its line and column, without starting it', async () => {
    const result = await run('async function () {\n  return 1 +;\n}');
    assert.equal(result.status, 'error');
    assert.equal(result.error?.message, 'Line 2, column 13: Unexpected token.');
  });

  it('returns plain data: dates, bigints and bytes kept, maps and sets converted, functions left out', async () => {
    const result = await ok(`async function () {
      return { when: new Date(0), big: 10n, bytes: Buffer.from('hi'), map: new Map([['a', 1]]), set: new Set([1, 2]), fn() {}, url: new URL('https://x.test/a') };
    }`);
    const value = result.result as Record<string, unknown>;
    assert.deepEqual(value['when'], new Date(0));
    assert.equal(value['big'], 10n);
    assert.equal(Buffer.from(value['bytes'] as Uint8Array).toString(), 'hi');
    assert.deepEqual(value['map'], { a: 1 });
    assert.deepEqual(value['set'], [1, 2]);
    assert.equal('fn' in value, false);
    assert.equal(value['url'], 'https://x.test/a');
  });

  it('refuses a circular result with a clear error', async () => {
    const result = await run('async function () { const a = { name: "a" }; a.self = a; return a; }');
    assert.equal(result.status, 'error');
    assert.equal(result.error?.message, 'The return value.self refers back to itself (a circular reference); send plain data.');
  });

  it('has no require, process or import()', async () => {
    const result = await ok('async function () { return [typeof require, typeof process, typeof module, typeof fetch]; }');
    assert.deepEqual(result.result, ['undefined', 'undefined', 'undefined', 'undefined']);
    const imported = await run("async function () { return await import('node:fs'); }");
    assert.equal(imported.status, 'error');
    assert.match(imported.error?.message ?? '', /^import\(\) is not available in a block/);
  });
});
