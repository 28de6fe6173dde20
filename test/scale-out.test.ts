import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signIn } from './support/sign-in.ts';
import { postgresDatabases, postgresQuery } from './support/postgres-databases.ts';
import { postgresSource } from './support/temp-services.ts';
import { startZiggy, type ZiggyProcess } from './support/ziggy-process.ts';

// Two `ziggy serve` and two `ziggy worker` processes on one PostgreSQL database made for this file.
const databases = postgresDatabases('ziggy_scale_test');
const adminPassword = `pw-${randomBytes(9).toString('hex')}`;
let root = '';
let storeUrl = '';
let env: Record<string, string> = {};
let serverA: ZiggyProcess;
let serverB: ZiggyProcess;
const workers: ZiggyProcess[] = [];
type Call = Awaited<ReturnType<typeof signIn>>;
let onA: Call;
let onB: Call;

const serve = (name: string) => startZiggy('serve', ['--port', '0', '--run-on', 'workers'], { ...env, ZIGGY_DATA_DIR: path.join(root, name) });
const worker = (name: string) => startZiggy('worker', ['--concurrency', '2', '--name', name, '--shutdown-timeout', '20000'], { ...env, ZIGGY_DATA_DIR: path.join(root, name) });

interface Run {
  id: string;
  status: string;
  result?: unknown;
  error?: { message: string };
  stats?: Record<string, number>;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function workerOf(runId: string): Promise<string | undefined> {
  const { rows } = await postgresQuery(storeUrl, "SELECT worker FROM ziggy_run_jobs WHERE id = $1 AND state = 'running'", [runId]);
  return (rows[0] as { worker?: string } | undefined)?.worker ?? undefined;
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-scale-'));
  storeUrl = await databases.fresh('store');
  env = { ZIGGY_STORE_URL: storeUrl, ZIGGY_MASTER_KEY: randomBytes(32).toString('base64'), ZIGGY_ADMIN_PASSWORD: adminPassword };
  // A first, so one process creates the admin; then the rest at once.
  serverA = await serve('a');
  const [b, ...started] = await Promise.all([serve('b'), worker('w1'), worker('w2')]);
  serverB = b;
  workers.push(...started);
  [onA, onB] = await Promise.all([signIn(serverA.ready, 'admin', adminPassword), signIn(serverB.ready, 'admin', adminPassword)]);
  await onA('PUT', '/api/secrets/PG_PASSWORD', { value: 'trust-auth-ignores-it' });
  await onA('POST', '/api/connections', { name: 'db', type: 'postgres', devSource: postgresSource({ database: 'test' }) });
});
after(async () => {
  for (const processes of [serverA, serverB, ...workers]) processes?.child.kill('SIGKILL');
  await Promise.all([serverA, serverB, ...workers].map((processes) => processes?.exited));
  await databases.dropAll();
  await rm(root, { recursive: true, force: true });
});

const whichDb = `async function () {
  const { rows } = await connections.db.query('select current_database() as name');
  return rows[0].name;
}`;

describe('two servers and two workers on one PostgreSQL store', () => {
  test('/healthz and /readyz report the run queue and its live workers', async () => {
    const health = (await (await fetch(`${serverB.ready}/healthz`)).json()) as { store: { kind: string }; queue?: { ok: boolean; workers: number } };
    assert.equal(health.store.kind, 'postgres');
    assert.equal(health.queue?.ok, true);
    assert.equal(health.queue?.workers, 2);
    const ready = await fetch(`${serverA.ready}/readyz`);
    assert.equal(ready.status, 200, await ready.clone().text());
    assert.equal(((await ready.json()) as { queue?: { ok: boolean } }).queue?.ok, true);
  });

  test('a session made on A is valid on B, CSRF token included', async () => {
    const login = await fetch(`${serverA.ready}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const onBWithA = await fetch(`${serverB.ready}/api/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ defaultMode: 'dev' }),
    });
    assert.equal(onBWithA.status, 200, await onBWithA.text());
  });

  test('a run submitted on B is executed by a worker and recorded once, seen from A', async () => {
    const run = (await onB('POST', '/api/blocks/run', { code: whichDb })) as Run;
    assert.equal(run.status, 'ok', JSON.stringify(run.error));
    assert.equal(run.result, 'test');
    const fromA = (await onA('GET', `/api/runs/${run.id}`)) as Run;
    assert.equal(fromA.result, 'test');
    const { rows } = await postgresQuery(storeUrl, 'SELECT count(*)::int AS count FROM runs WHERE id = $1', [run.id]);
    assert.equal((rows[0] as { count: number }).count, 1);
    const { rows: jobs } = await postgresQuery(storeUrl, 'SELECT worker FROM ziggy_run_jobs WHERE id = $1', [run.id]);
    assert.match(String((jobs[0] as { worker: string }).worker), /^w[12]@/);
  });

  test('with ?wait=false B answers 202 at once with the run queued, and A shows it ended', async () => {
    const response = await fetch(`${serverB.ready}/api/operations/run?wait=false`, { method: 'POST' });
    assert.equal(response.status, 401, 'the API needs a caller');
    const queued = (await onB('POST', '/api/operations/run?wait=false', { connection: 'db', operation: 'select', params: { sql: 'select 41 + 1 as answer' } })) as Run;
    assert.match(queued.status, /^(queued|running)$/);
    const ended = await until('the run to end', async () => {
      const run = (await onA('GET', `/api/runs/${queued.id}`)) as Run;
      return run.status === 'queued' || run.status === 'running' ? undefined : run;
    });
    assert.equal(ended.status, 'ok', JSON.stringify(ended.error));
  });

  test('an edit made on A is used by the next run submitted on B, at once', async () => {
    const before = (await onB('POST', '/api/blocks/run', { code: whichDb })) as Run;
    assert.equal(before.result, 'test');
    const current = (await onA('GET', '/api/connections/db')) as { version: number };
    await onA('PATCH', '/api/connections/db', { devSource: postgresSource({ database: 'postgres' }), version: current.version });
    const afterEdit = (await onB('POST', '/api/blocks/run', { code: whichDb })) as Run;
    assert.equal(afterEdit.result, 'postgres');
    const operation = (await onB('POST', '/api/operations/run', { connection: 'db', operation: 'select', params: { sql: 'select current_database() as name' } })) as Run & {
      result: { rows: Array<{ name: string }> };
    };
    assert.equal(operation.status, 'ok', JSON.stringify(operation.error));
    assert.deepEqual(operation.result.rows, [{ name: 'postgres' }]);
  });

  test('a retry-safe block whose worker is killed mid-run is run again by the other worker and recorded once', async () => {
    // On the store's own database (made for this file): the first attempt marks the row, then hangs; a later one finds the mark.
    await onA('POST', '/api/connections', { name: 'scratch', type: 'postgres', devSource: postgresSource({ database: new URL(storeUrl).pathname.slice(1) }) });
    const code = `async function (mark) {
  await connections.scratch.query('CREATE TABLE IF NOT EXISTS retry_marks (mark text PRIMARY KEY)');
  const { rowCount } = await connections.scratch.query('INSERT INTO retry_marks VALUES ($1) ON CONFLICT DO NOTHING', [mark]);
  if (rowCount === 1) await new Promise((resolve) => setTimeout(resolve, 20000));
  return rowCount === 1 ? 'first attempt' : 'a later attempt';
}`;
    const saved = (await onA('PUT', '/api/blocks/upsert-mark', { code, retrySafe: true })) as { retrySafe: boolean };
    assert.equal(saved.retrySafe, true);
    const mark = `m-${randomBytes(4).toString('hex')}`;
    const run = (await onB('POST', '/api/blocks/upsert-mark/run?wait=false', { inputs: [mark] })) as Run;
    const workerId = await until('a worker to take the run', () => workerOf(run.id));
    await until('the first attempt to mark its row', async () => {
      const { rows } = await postgresQuery(storeUrl, "SELECT 1 FROM pg_tables WHERE tablename = 'retry_marks'");
      if (rows.length === 0) return undefined;
      return (await postgresQuery(storeUrl, 'SELECT 1 FROM retry_marks WHERE mark = $1', [mark])).rows[0];
    });
    const victim = workers.find((candidate) => candidate.ready === workerId);
    assert.ok(victim, `no worker process is ${workerId}`);
    victim.child.kill('SIGKILL');
    assert.equal(await victim.exited, 'SIGKILL');
    workers.splice(workers.indexOf(victim), 1);

    const ended = await until('the run to end on the other worker', async () => {
      const seen = (await onA('GET', `/api/runs/${run.id}`)) as Run;
      return seen.status === 'queued' || seen.status === 'running' ? undefined : seen;
    });
    assert.equal(ended.status, 'ok', JSON.stringify(ended.error));
    assert.equal(ended.result, 'a later attempt');
    assert.equal(ended.stats?.['attempt'], 2);
    const { rows } = await postgresQuery(storeUrl, 'SELECT count(*)::int AS count FROM runs WHERE id = $1', [run.id]);
    assert.deepEqual(rows, [{ count: 1 }], 'recorded once');
    workers.push(await worker('w-retry'));
  });

  test('kill -9 of a worker during a long run marks that run failed; the next runs succeed on the other worker', async () => {
    const long = (await onB('POST', '/api/blocks/run?wait=false', { code: 'async function () { await new Promise((resolve) => setTimeout(resolve, 20000)); return "late"; }' })) as Run;
    const workerId = await until('a worker to take the long run', () => workerOf(long.id));
    const victim = workers.find((candidate) => candidate.ready === workerId);
    assert.ok(victim, `no worker process is ${workerId}`);
    victim.child.kill('SIGKILL');
    assert.equal(await victim.exited, 'SIGKILL');
    const failed = await until('the run to be marked failed', async () => {
      const run = (await onA('GET', `/api/runs/${long.id}`)) as Run;
      return run.status === 'running' ? undefined : run;
    });
    assert.equal(failed.status, 'error');
    assert.match(failed.error?.message ?? '', /worker stopped/);
    for (let index = 0; index < 4; index++) {
      const next = (await onA('POST', '/api/blocks/run', { code: `async function () { return ${index}; }` })) as Run;
      assert.equal(next.status, 'ok', JSON.stringify(next.error));
      assert.equal(next.result, index);
    }
    workers.splice(workers.indexOf(victim), 1);
  });

  test('SIGTERM on a worker finishes its run in hand, takes no new one, and exits 0', async () => {
    const [survivor] = workers;
    assert.ok(survivor);
    const run = (await onB('POST', '/api/blocks/run?wait=false', { code: 'async function () { await new Promise((resolve) => setTimeout(resolve, 1500)); return "finished"; }' })) as Run;
    await until('the worker to take the run', () => workerOf(run.id));
    survivor.child.kill('SIGTERM');
    assert.equal(await survivor.exited, 0, survivor.stderr());
    const ended = (await onA('GET', `/api/runs/${run.id}`)) as Run;
    assert.equal(ended.status, 'ok', JSON.stringify(ended.error));
    assert.equal(ended.result, 'finished');
    workers.splice(0, 1);
    const waiting = (await onA('POST', '/api/blocks/run?wait=false', { code: 'async function () { return 1; }' })) as Run;
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(((await onA('GET', `/api/runs/${waiting.id}`)) as Run).status, 'queued', 'with no worker left, a run waits in the queue');
    workers.push(await worker('w3'));
    const taken = await until('the new worker to run it', async () => {
      const seen = (await onA('GET', `/api/runs/${waiting.id}`)) as Run;
      return seen.status === 'queued' || seen.status === 'running' ? undefined : seen;
    });
    assert.equal(taken.status, 'ok');
  });

  test('kill -9 of server A during writes loses no acknowledged change: B shows every one', async () => {
    const acknowledged: string[] = [];
    const writing = (async () => {
      for (let index = 0; ; index++) {
        const name = `ACK_${index}`;
        try {
          await onA('PUT', `/api/secrets/${name}`, { value: `value-${index}` });
        } catch {
          return;
        }
        acknowledged.push(name);
      }
    })();
    await until('some writes', async () => (acknowledged.length >= 20 ? true : undefined));
    serverA.child.kill('SIGKILL');
    await writing;
    const { secrets } = (await onB('GET', '/api/secrets')) as { secrets: Array<{ name: string }> };
    const names = new Set(secrets.map((secret) => secret.name));
    assert.deepEqual(acknowledged.filter((name) => !names.has(name)), []);
  });
});
