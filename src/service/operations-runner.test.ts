import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { startSshd, type TestSshd } from '../../test/sshd.ts';
import { actor, createDb } from './runs-fixture.ts';
import { openTempServices, type TempServices } from '../../test/support/temp-services.ts';
import { rejectsWith } from '../../test/support/rejects-with.ts';

// Heap figures are only comparable right after a full collection; this exposes gc() without a command-line flag.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let fixture: TempServices;
let sshd: TestSshd;
before(async () => {
  fixture = await openTempServices({ timeoutMs: 20_000 });
  await createDb(fixture.services, 'unused-with-trust-auth');
  sshd = await startSshd();
  await fixture.services.secrets.set({ name: 'SFTP_PASSWORD', value: sshd.password, mode: 'dev' }, actor);
  await fixture.services.connections.create({
    name: 'files',
    type: 'sftp',
    devSource: `{ host: '${sshd.host}', port: ${sshd.port}, username: '${sshd.username}', password: secrets.SFTP_PASSWORD, hostKeySha256: '${sshd.hostKeySha256}' }`,
  }, actor);
});
after(async () => {
  await fixture.dispose();
  await sshd.stop();
});

const runs = () => fixture.services.runs;

describe('runOperation', () => {
  it('streams 1,000,000 rows: all counted, the first kept within the limit, memory bounded', async (t) => {
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peakGrowth = 0;
    const sampler = setInterval(() => {
      collectGarbage();
      peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - baseline);
    }, 100);
    let run;
    try {
      run = await runs().runOperation({
        connection: 'db',
        operation: 'select',
        params: { sql: 'select g as n, md5(g::text) as payload from generate_series(1, 1000000) g', batchSize: 10_000 },
        mode: 'dev',
      }, actor);
    } finally {
      clearInterval(sampler);
    }
    assert.equal(run.status, 'ok', JSON.stringify(run.error));
    assert.equal(run.stats?.['rows'], 1_000_000);
    assert.equal(run.stats?.['batches'], 100);
    assert.equal(run.truncated, true);
    const rows = run.result as Array<{ n: number; payload: string }>;
    assert.ok(rows.length > 1000 && rows.length < 10_000, String(rows.length));
    assert.deepEqual(rows.map((row) => row.n), Array.from({ length: rows.length }, (_, i) => i + 1));
    assert.ok(Buffer.byteLength(JSON.stringify(rows)) <= 256 * 1024);
    assert.deepEqual(run.target, { kind: 'operation', connection: 'db', operation: 'select' });
    assert.deepEqual(await runs().get(run.id), run);
    t.diagnostic(`heapUsed growth while recording 1,000,000 streamed rows: at most ${(peakGrowth / 1024 / 1024).toFixed(1)} MB (bound 80 MB)`);
    assert.ok(peakGrowth < 80 * 1024 * 1024, `the heap grew by ${peakGrowth} bytes`);
  });

  it('inserts rows and reads them back without batches', async () => {
    const table = `ziggy_runs_${randomBytes(4).toString('hex')}`;
    const create = await runs().runOperation({ connection: 'db', operation: 'raw', params: { sql: `create table ${table} (id int primary key, name text)` }, mode: 'dev' }, actor);
    assert.equal(create.status, 'ok', JSON.stringify(create.error));
    try {
      const insert = await runs().runOperation({ connection: 'db', operation: 'insert', params: { table, rows: [{ id: 1, name: 'ann' }, { id: 2, name: 'bob' }] }, mode: 'dev' }, actor);
      assert.equal(insert.status, 'ok', JSON.stringify(insert.error));
      assert.deepEqual(insert.result, { inserted: 2 });
      const select = await runs().runOperation({ connection: 'db', operation: 'select', params: { sql: `select * from ${table} order by id` }, mode: 'dev' }, actor);
      assert.deepEqual((select.result as { rows: unknown[] }).rows, [{ id: 1, name: 'ann' }, { id: 2, name: 'bob' }]);
      assert.deepEqual((await runs().list({ target: 'db/insert' })).map((run) => run.id), [insert.id]);
    } finally {
      await runs().runOperation({ connection: 'db', operation: 'raw', params: { sql: `drop table ${table}` }, mode: 'dev' }, actor);
    }
  });

  it('records a failing operation as a run with status error', async () => {
    const run = await runs().runOperation({ connection: 'db', operation: 'select', params: { sql: 'select * from no_such_table_here' }, mode: 'dev' }, actor);
    assert.equal(run.status, 'error');
    assert.match(run.error?.message ?? '', /relation "no_such_table_here" does not exist/);
    assert.equal((await runs().get(run.id)).status, 'error');
  });

  it('refuses an unknown connection or operation and invalid parameters, naming what is wrong', async () => {
    await assert.rejects(runs().runOperation({ connection: 'nope', operation: 'select', params: {}, mode: 'dev' }, actor), rejectsWith('connection_not_found'));
    await assert.rejects(
      runs().runOperation({ connection: 'db', operation: 'upload', params: {}, mode: 'dev' }, actor),
      rejectsWith('operation_unknown', (error) => {
        assert.equal(error.status, 404);
        assert.match(error.message, /^Connection "db" \(type postgres\) has no operation "upload"; its operations are .*select/);
        assert.ok((error.details?.['known'] as string[]).includes('insert'));
      }),
    );
    await assert.rejects(
      runs().runOperation({ connection: 'db', operation: 'select', params: { sql: 5, batchSize: 0, colour: 'red' }, mode: 'dev' }, actor),
      rejectsWith('bad_input', (error) => {
        const paths = (error.details?.['issues'] as Array<{ path: string }>).map((issue) => issue.path);
        assert.deepEqual(paths.sort(), ['batchSize', 'colour', 'sql']);
        assert.match(error.message, /^Parameters of db\/select are not valid: /);
      }),
    );
  });

  it('refuses localPath unless local files are allowed, and downloads to it when they are', async () => {
    await writeFile(path.join(sshd.homeDir, 'report.txt'), 'quarterly');
    const localPath = path.join(fixture.dataDir, 'report-copy.txt');
    const params = { path: 'report.txt', localPath };
    await assert.rejects(
      runs().runOperation({ connection: 'files', operation: 'get', params, mode: 'dev' }, actor),
      rejectsWith('forbidden', (error) => assert.match(error.message, /^files\/get: localPath names a file on the machine running the operation/)),
    );
    await assert.rejects(
      runs().runOperation({ connection: 'files', operation: 'get', params, mode: 'dev', allowLocalFiles: false }, actor),
      rejectsWith('forbidden'),
    );
    const run = await runs().runOperation({ connection: 'files', operation: 'get', params, mode: 'dev', allowLocalFiles: true }, actor);
    assert.equal(run.status, 'ok', JSON.stringify(run.error));
    assert.equal(await readFile(localPath, 'utf8'), 'quarterly');
    const content = await runs().runOperation({ connection: 'files', operation: 'get', params: { path: 'report.txt' }, mode: 'dev' }, actor);
    assert.deepEqual(content.result, { path: 'report.txt', size: 9, content: 'quarterly' });
  });
});

describe('runOperation past its time', () => {
  it('records timeout and stops waiting at the deadline', async () => {
    const quick = await openTempServices({ timeoutMs: 300 });
    try {
      await createDb(quick.services, 'unused-with-trust-auth');
      const started = Date.now();
      const run = await quick.services.runs.runOperation({ connection: 'db', operation: 'select', params: { sql: 'select pg_sleep(3)' }, mode: 'dev' }, actor);
      assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
      assert.equal(run.status, 'timeout');
      assert.equal(run.error?.message, 'The operation ran longer than 0.3 s and was stopped.');
      const next = await quick.services.runs.runOperation({ connection: 'db', operation: 'select', params: { sql: 'select 1 as one' }, mode: 'dev' }, actor);
      assert.deepEqual((next.result as { rows: unknown[] }).rows, [{ one: 1 }]);
    } finally {
      await quick.dispose();
    }
  });
});
