import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { postgresDatabases } from '../../../test/support/postgres-databases.ts';
import type { Job, JobQueue } from '../types.ts';
import { openPostgresQueue } from './queue.ts';

const databases = postgresDatabases('ziggy_queue_test');
let url = '';
let queue: JobQueue;
before(async () => {
  url = await databases.fresh('queue');
  // Two processes setting up at once must both succeed.
  const [first, second] = await Promise.all([openPostgresQueue({ url }), openPostgresQueue({ url })]);
  await second.close();
  queue = first;
});
after(async () => {
  await queue.close();
  await databases.dropAll();
});

const newId = () => `run-${randomBytes(6).toString('hex')}`;
const noAbandon = async (job: Job) => assert.fail(`unexpected abandoned job ${job.id}`);

test('a submitted job is run once by a worker with its payload, and a waiter hears that it is done', async () => {
  const seen: Job[] = [];
  const worker = await queue.work({ concurrency: 2, name: 'one' }, { run: async (job) => void seen.push(job), abandoned: noAbandon });
  try {
    const id = newId();
    await queue.submit(id, { code: 'return 1', inputs: [1, 'two'] });
    await queue.waitFor(id);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.id, id);
    assert.deepEqual(seen[0]?.payload, { code: 'return 1', inputs: [1, 'two'] });
    const status = await queue.status(id);
    assert.equal(status?.state, 'done');
    assert.equal(status?.worker, worker.id);
  } finally {
    await worker.stop(5_000);
  }
});

test('two workers share 60 jobs: each job runs exactly once', async () => {
  const runs = new Map<string, number>();
  const handlers = {
    run: async (job: Job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    },
    abandoned: noAbandon,
  };
  const workers = await Promise.all([queue.work({ concurrency: 3, name: 'a' }, handlers), queue.work({ concurrency: 3, name: 'b' }, handlers)]);
  try {
    const ids = Array.from({ length: 60 }, newId);
    await Promise.all(ids.map((id) => queue.submit(id, {})));
    await Promise.all(ids.map((id) => queue.waitFor(id)));
    assert.deepEqual([...runs.values()].filter((count) => count !== 1), []);
    assert.equal(runs.size, 60);
    const byWorker = new Set(await Promise.all(ids.map(async (id) => (await queue.status(id))?.worker)));
    assert.equal(byWorker.size, 2, 'both workers took jobs');
  } finally {
    await Promise.all(workers.map((worker) => worker.stop(5_000)));
  }
});

const childScript = fileURLToPath(new URL('./queue-child.fixture.ts', import.meta.url));

test('a worker killed with SIGKILL mid-job: the job is given to abandoned once, and the next jobs run on another worker', async () => {
  const child = spawn(process.execPath, [childScript, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    assert.match(line.toString(), /^working /);
    const stuck = newId();
    await queue.submit(stuck, { hang: true });
    for (let tries = 0; (await queue.status(stuck))?.state !== 'running'; tries++) {
      assert.ok(tries < 200, 'the child never took the job');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const childWorker = (await queue.status(stuck))?.worker;
    assert.equal(await queue.reap(noAbandon), 0, 'a live worker is not reaped');
    child.kill('SIGKILL');
    await once(child, 'exit');
    const abandoned: Array<[string, string]> = [];
    for (let tries = 0; abandoned.length === 0; tries++) {
      assert.ok(tries < 200, 'the dead worker was never noticed');
      await queue.reap(async (job, worker) => void abandoned.push([job.id, worker]));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.deepEqual(abandoned, [[stuck, childWorker]]);
    await queue.waitFor(stuck);
    assert.equal(await queue.reap(noAbandon), 0, 'given to abandoned only once');

    const ran: string[] = [];
    const worker = await queue.work({ concurrency: 1, name: 'survivor' }, { run: async (job) => void ran.push(job.id), abandoned: noAbandon });
    const next = newId();
    await queue.submit(next, {});
    await queue.waitFor(next);
    await worker.stop(5_000);
    assert.deepEqual(ran, [next]);
  } finally {
    child.kill('SIGKILL');
  }
});

async function startDoomedWorker() {
  const child = spawn(process.execPath, [childScript, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  assert.match(line.toString(), /^working /);
  return child;
}

async function runningAttempt(id: string, attempt: number) {
  for (let tries = 0; ; tries++) {
    const status = await queue.status(id);
    if (status?.state === 'running' && status.attempt === attempt) return status;
    assert.ok(tries < 400, `attempt ${attempt} of ${id} never started (${status?.state}, attempt ${status?.attempt})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function reapUntil(abandoned: Job['id'][], handler: (job: Job, worker: string) => Promise<void>): Promise<number> {
  for (let tries = 0; ; tries++) {
    const taken = await queue.reap(handler);
    if (taken > 0) return taken;
    assert.ok(tries < 200, `the dead worker was never noticed (abandoned so far: ${abandoned.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a job with attempts left whose worker dies is queued again and run by another worker; the last attempt goes to abandoned', async () => {
  const id = newId();
  await queue.submit(id, { hang: true }, { maxAttempts: 2 });
  const abandoned: Array<[string, number, number]> = [];
  const record = async (job: Job) => void abandoned.push([job.id, job.attempt, job.maxAttempts]);

  const first = await startDoomedWorker();
  try {
    await runningAttempt(id, 1);
    first.kill('SIGKILL');
    await once(first, 'exit');
    assert.equal(await reapUntil([], record), 1);
    assert.deepEqual(abandoned, [], 'attempt 1 of 2 is not the last: queued again, not given up');
    const requeued = await queue.status(id);
    assert.deepEqual([requeued?.state, requeued?.attempt, requeued?.worker], ['queued', 2, undefined]);
  } finally {
    first.kill('SIGKILL');
  }

  const second = await startDoomedWorker();
  try {
    const running = await runningAttempt(id, 2);
    second.kill('SIGKILL');
    await once(second, 'exit');
    await reapUntil([], record);
    assert.deepEqual(abandoned, [[id, 2, 2]]);
    assert.equal((await queue.status(id))?.state, 'done');
    assert.ok(running.worker !== undefined);
    assert.equal(await queue.reap(noAbandon), 0, 'given to abandoned only once');
  } finally {
    second.kill('SIGKILL');
  }
});

test('the attempt after a dead worker runs to the end on a live one, told which attempt it is', async () => {
  const id = newId();
  await queue.submit(id, { hang: true }, { maxAttempts: 3 });
  const doomed = await startDoomedWorker();
  try {
    await runningAttempt(id, 1);
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    await reapUntil([], noAbandon);
  } finally {
    doomed.kill('SIGKILL');
  }
  const ran: Array<[string, number, number]> = [];
  const worker = await queue.work({ concurrency: 1, name: 'survivor' }, { run: async (job) => void ran.push([job.id, job.attempt, job.maxAttempts]), abandoned: noAbandon });
  try {
    await queue.waitFor(id);
    assert.deepEqual(ran, [[id, 2, 3]]);
    assert.equal((await queue.status(id))?.worker, worker.id);
  } finally {
    await worker.stop(5_000);
  }
});

test('maxAttempts outside 1 to 10 is refused before anything is queued', async () => {
  for (const maxAttempts of [0, 11, 1.5]) {
    const id = newId();
    await assert.rejects(queue.submit(id, {}, { maxAttempts }), (error: Error & { id?: string }) => {
      assert.equal(error.id, 'bad_input');
      assert.match(error.message, new RegExp(`maxAttempts must be a whole number from 1 to 10, got ${maxAttempts}`));
      return true;
    });
    assert.equal(await queue.status(id), undefined);
  }
});

test('a run whose dispatch job was taken by a worker that died before claiming it, or whose claim threw, gets a new job and runs once', async () => {
  // Both moments last milliseconds inside a worker, so the dispatch jobs are left as each would leave them.
  const lockedByDead = newId();
  const failed = newId();
  const lockedJustNow = newId();
  for (const id of [lockedByDead, failed, lockedJustNow]) await queue.submit(id, {});
  const database = new pg.Client({ connectionString: url });
  await database.connect();
  const lockJob = (id: string, ago: string) =>
    database.query(`UPDATE graphile_worker._private_jobs SET locked_at = now() - $2::interval, locked_by = 'worker-gone', attempts = 1 WHERE key = $1`, [id, ago]);
  try {
    await lockJob(lockedByDead, '1 minute');
    await lockJob(lockedJustNow, '2 seconds');
    await database.query(`UPDATE graphile_worker._private_jobs SET attempts = max_attempts, last_error = 'claim failed' WHERE key = $1`, [failed]);

    assert.equal(await queue.reap(noAbandon), 2, 'the job locked 2 s ago may still be claimed: left alone');
    const runs = new Map<string, number>();
    const worker = await queue.work({ concurrency: 2, name: 'rescuer' }, { run: async (job) => void runs.set(job.id, (runs.get(job.id) ?? 0) + 1), abandoned: noAbandon });
    try {
      for (const id of [lockedByDead, failed]) await queue.waitFor(id, AbortSignal.timeout(20_000));
      assert.equal((await queue.status(lockedJustNow))?.state, 'queued');

      await lockJob(lockedJustNow, '1 minute');
      assert.equal(await queue.reap(noAbandon), 1);
      await queue.waitFor(lockedJustNow, AbortSignal.timeout(20_000));
      assert.deepEqual(Object.fromEntries(runs), { [lockedByDead]: 1, [failed]: 1, [lockedJustNow]: 1 });
      assert.equal(await queue.reap(noAbandon), 0, 'nothing is stranded any more');
    } finally {
      await worker.stop(5_000);
    }
  } finally {
    await database.end();
  }
});

test('stop waits for running jobs up to its timeout, then aborts them and gives them to abandoned', async () => {
  const abandoned: string[] = [];
  let signalOfSlow: AbortSignal | undefined;
  const worker = await queue.work(
    { concurrency: 2, name: 'stopping' },
    {
      run: async (job, signal) => {
        const { ms } = job.payload as { ms: number };
        if (ms > 1000) signalOfSlow = signal;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      },
      abandoned: async (job) => void abandoned.push(job.id),
    },
  );
  const quick = newId();
  const slow = newId();
  await queue.submit(quick, { ms: 300 });
  await queue.submit(slow, { ms: 60_000 });
  for (let tries = 0; worker.active().length < 2; tries++) {
    assert.ok(tries < 200, 'the worker never took both jobs');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const unfinished = await worker.stop(1_000);
  assert.deepEqual(unfinished, [slow]);
  assert.deepEqual(abandoned, [slow]);
  assert.equal(signalOfSlow?.aborted, true);
  assert.equal((await queue.status(quick))?.state, 'done');
  assert.equal((await queue.status(slow))?.state, 'done');
  const late = newId();
  await queue.submit(late, { ms: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal((await queue.status(late))?.state, 'queued', 'a stopped worker takes no new jobs');
});

test('health counts queued and running jobs and live workers', async () => {
  const health = await queue.health();
  assert.equal(health.ok, true);
  assert.ok(health.queued >= 1);
  assert.equal(health.workers, 0);
});
