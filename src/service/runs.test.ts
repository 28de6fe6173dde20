import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { actor, createDb, databaseFilesContain } from './runs-fixture.ts';
import { openTempServices, type TempServices } from '../../test/support/temp-services.ts';
import { rejectsWith } from '../../test/support/rejects-with.ts';

// Letters and digits only, so it can also appear as a quoted SQL identifier.
const canary = `Canary${randomBytes(12).toString('hex')}`;

/** Pids of this process's child processes: the runners. */
function children(): string[] {
  return readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
}

let fixture: TempServices;
before(async () => {
  fixture = await openTempServices({ runners: 1 });
  await createDb(fixture.services, canary);
});
after(() => fixture.dispose());

describe('runs of code', () => {
  it('starts no runner process until the first block runs, and close() stops it', async () => {
    const lazy = await openTempServices({ runners: 1 });
    try {
      await lazy.services.blocks.save({ name: 'noop', code: 'async function () {}' }, actor);
      await lazy.services.runs.list();
      assert.deepEqual(children(), [], 'no runner before a block runs');
      const run = await lazy.services.runs.runCode({ code: 'async function () { return 1; }', mode: 'dev' }, actor);
      assert.equal(run.status, 'ok');
      // The run's runner, now bound to its lane, and a spare for the next new lane, started once the run has ended.
      await new Promise(setImmediate);
      assert.equal(children().length, 2);
    } finally {
      await lazy.dispose();
    }
    assert.deepEqual(children(), [], 'closing the services stops the runner');
    await assert.rejects(lazy.services.runs.runCode({ code: 'async function () {}', mode: 'dev' }, actor), rejectsWith('internal'));
  });

  it('reaches a connection whose name mixes _ and - by its identifier form', async () => {
    await fixture.services.connections.create(
      { name: 'my_db-x', type: 'postgres', devSource: `{ host: '127.0.0.1', user: 'postgres', database: 'test' }` },
      actor,
    );
    const code = `async function () { return (await connections.my_db_x.query('select 7 as n')).rows[0].n; }`;
    const run = await fixture.services.runs.runCode({ code, mode: 'dev' }, actor);
    assert.equal(run.status, 'ok', JSON.stringify(run.error));
    assert.equal(run.result, 7);
  });

  it("reads Postgres through connections.db with the config of the run's mode, and records the run", async () => {
    const code = `async function () {
      const { rows } = await connections.db.query('select current_database() as name');
      return rows[0].name;
    }`;
    const dev = await fixture.services.runs.runCode({ code, mode: 'dev' }, actor);
    const prod = await fixture.services.runs.runCode({ code, mode: 'prod' }, actor);
    assert.equal(dev.status, 'ok', JSON.stringify(dev.error));
    assert.equal(dev.result, 'test');
    assert.equal(prod.result, 'postgres');
    assert.deepEqual(dev.target, { kind: 'code', codeHash: createHash('sha256').update(code).digest('hex') });
    assert.equal(dev.mode, 'dev');
    assert.equal(prod.mode, 'prod');
    assert.equal(dev.startedBy, actor);
    assert.equal(dev.truncated, false);
    assert.match(dev.id, /^[A-Za-z0-9_-]{16}$/);
    assert.ok(Date.now() - Date.parse(dev.startedAt) < 60_000);
    assert.deepEqual(await fixture.services.runs.get(dev.id), dev);
    const listed = await fixture.services.runs.list({ startedBy: actor, limit: 2 });
    assert.deepEqual(listed.map((run) => run.id), [prod.id, dev.id]);
    assert.deepEqual((await fixture.services.runs.list({ mode: 'prod' })).map((run) => run.id), [prod.id]);
  });

  it('routes branchTo data into outputs per edge and keeps console lines', async () => {
    const code = `async function (orders) {
      consoleMsg('routing', orders.length, 'orders');
      for (const order of orders) branchTo(order.total > 100 ? 2 : 0, order);
      console.warn('done at %s', executionId);
      return { big: 1n, when: new Date(0), bytes: Buffer.from('hi') };
    }`;
    const orders = [{ id: 1, total: 50 }, { id: 2, total: 500 }, { id: 3, total: 7 }];
    const run = await fixture.services.runs.runCode({ code, inputs: [orders], mode: 'dev' }, actor);
    assert.equal(run.status, 'ok', JSON.stringify(run.error));
    assert.deepEqual(run.outputs, [{ edge: 0, items: [orders[0], orders[2]] }, { edge: 2, items: [orders[1]] }]);
    // Recorded as JSON: bigints as text, dates as ISO text, bytes as base64.
    assert.deepEqual(run.result, { big: '1', when: '1970-01-01T00:00:00.000Z', bytes: 'aGk=' });
    assert.deepEqual(run.console.map((line) => [line.level, line.text]), [['log', 'routing 3 orders'], ['warn', `done at ${run.id}`]]);
    assert.deepEqual(await fixture.services.runs.get(run.id), run);
  });

  it('records a failing block and code that does not parse as runs with status error', async () => {
    const failing = await fixture.services.runs.runCode({ code: "async function () {\n  throw new TypeError('boom');\n}", mode: 'dev' }, actor);
    assert.equal(failing.status, 'error');
    assert.equal(failing.error?.message, 'boom');
    assert.match(failing.error?.stack ?? '', /^TypeError: boom/);
    assert.match(failing.error?.stack ?? '', /block\.js:2:/);
    const broken = await fixture.services.runs.runCode({ code: 'async function () {\n  return 1 +;\n}', mode: 'dev' }, actor);
    assert.equal(broken.status, 'error');
    assert.match(broken.error?.message ?? '', /^Line 2, column 13: /);
    const failed = await fixture.services.runs.list({ status: 'error', limit: 2 });
    assert.deepEqual(failed.map((run) => run.id), [broken.id, failing.id]);
  });

  it('records a run that passes its time as timeout, and the next run works', async () => {
    const stuck = await fixture.services.runs.runCode({ code: 'async function () { consoleMsg("waiting"); await new Promise(() => {}); }', mode: 'dev', timeoutMs: 1000 }, actor);
    assert.equal(stuck.status, 'timeout');
    assert.equal(stuck.error?.message, 'The block ran longer than 1 s and was stopped.');
    assert.deepEqual(stuck.console.map((line) => line.text), ['waiting']);
    assert.equal((await fixture.services.runs.get(stuck.id)).status, 'timeout');
    const next = await fixture.services.runs.runCode({ code: 'async function () { return 2; }', mode: 'dev' }, actor);
    assert.equal(next.status, 'ok');
    assert.equal(next.result, 2);
    await assert.rejects(
      fixture.services.runs.runCode({ code: 'async function () {}', mode: 'dev', timeoutMs: 30_001 }, actor),
      rejectsWith('bad_input', /from 1 to 30000/),
    );
  });

  it('never stores a secret value: not printed, returned, routed, thrown, nor in an operation error', async () => {
    const printing = await fixture.services.runs.runCode({
      code: `async function () {
        console.log(secrets.PG_PASSWORD);
        consoleMsg('password is', secrets.PG_PASSWORD);
        branchTo(1, { password: secrets.PG_PASSWORD });
        await connections.db.query('select 1');
        return { secret: secrets.PG_PASSWORD, [secrets.PG_PASSWORD]: 'as a key', config: connections.db.options.password };
      }`,
      mode: 'dev',
    }, actor);
    assert.equal(printing.status, 'ok', JSON.stringify(printing.error));
    const throwing = await fixture.services.runs.runCode({ code: 'async function () { throw new Error("leaked " + secrets.PG_PASSWORD); }', mode: 'prod' }, actor);
    assert.equal(throwing.error?.message, 'leaked [secret]');
    const selecting = await fixture.services.runs.runOperation({ connection: 'db', operation: 'select', params: { sql: `select $1::text as v, "${canary}"`, params: [canary] }, mode: 'dev' }, actor);
    assert.equal(selecting.status, 'error');
    assert.match(selecting.error?.message ?? '', /column "\[secret\]" does not exist/);
    const returning = await fixture.services.runs.runOperation({ connection: 'db', operation: 'select', params: { sql: 'select $1::text as v', params: [canary] }, mode: 'dev' }, actor);
    assert.deepEqual((returning.result as { rows: unknown[] }).rows, [{ v: '[secret]' }]);

    for (const run of [printing, throwing, selecting, returning]) {
      const stored = JSON.stringify(await fixture.services.runs.get(run.id));
      assert.ok(!stored.includes(canary), stored);
    }
    assert.match(JSON.stringify(printing.console), /password is \[secret\]/);
    assert.deepEqual(printing.outputs, [{ edge: 1, items: [{ password: '[secret]' }] }]);
    assert.deepEqual(printing.result, { secret: '[secret]', '[secret]': 'as a key', config: '[secret]' });
    assert.deepEqual(await databaseFilesContain(fixture.dataDir, canary), []);
  });

  it('runs a saved block by name and records its version', async () => {
    const first = await fixture.services.blocks.save({ name: 'greet', code: 'async function (who) { return `hello ${who}`; }' }, actor);
    const one = await fixture.services.runs.runBlock('greet', { inputs: ['ann'], mode: 'dev' }, actor);
    const second = await fixture.services.blocks.save({ name: 'greet', code: 'async function (who) { return `hi ${who}`; }', version: first.version }, actor);
    const two = await fixture.services.runs.runBlock('greet', { inputs: ['bob'], mode: 'prod' }, actor);
    assert.equal(one.result, 'hello ann');
    assert.equal(two.result, 'hi bob');
    assert.deepEqual(one.target, { kind: 'block', name: 'greet', version: 1, codeHash: createHash('sha256').update(first.code).digest('hex') });
    assert.deepEqual(two.target, { kind: 'block', name: 'greet', version: 2, codeHash: createHash('sha256').update(second.code).digest('hex') });
    assert.deepEqual((await fixture.services.runs.list({ target: 'greet' })).map((run) => run.id), [two.id, one.id]);
    await assert.rejects(fixture.services.runs.runBlock('nope', { mode: 'dev' }, actor), rejectsWith('block_not_found', /Block "nope" does not exist/));
    await assert.rejects(fixture.services.runs.get('nope'), rejectsWith('run_not_found', /Run "nope" does not exist/));
  });
});

describe('run records beyond the size limit', () => {
  it('keeps the first items and lines within the limit, notes what it cut and says so', async () => {
    const small = await openTempServices({ runners: 1, maxRecordBytes: 4096 });
    try {
      const code = `async function () {
        for (let i = 0; i < 200; i++) branchTo(0, { i, text: 'x'.repeat(100) });
        for (let i = 0; i < 100; i++) consoleMsg('line ' + i);
        return 'y'.repeat(10000);
      }`;
      const run = await small.services.runs.runCode({ code, mode: 'dev' }, actor);
      assert.equal(run.status, 'ok');
      assert.equal(run.truncated, true);
      assert.deepEqual(run.result, { truncated: true, bytes: 10002 });
      const items = run.outputs[0]?.items ?? [];
      assert.ok(items.length > 5 && items.length < 200, String(items.length));
      assert.deepEqual(items, Array.from({ length: items.length }, (_, i) => ({ i, text: 'x'.repeat(100) })));
      const lines = run.console.map((line) => line.text);
      assert.ok(lines.length > 5 && lines.length < 100, String(lines.length));
      assert.deepEqual(lines, Array.from({ length: lines.length }, (_, i) => `line ${i}`));
      const kept = Buffer.byteLength(JSON.stringify({ result: run.result, outputs: run.outputs, console: run.console }));
      assert.ok(kept <= 4096 + 200, String(kept));
      assert.ok((run.stats?.['bytesCut'] ?? 0) > 20_000, JSON.stringify(run.stats));
      assert.deepEqual(await small.services.runs.get(run.id), run);
    } finally {
      await small.dispose();
    }
  });
});
