import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { postgresDatabases, postgresQuery } from '../../../test/support/postgres-databases.ts';
import type { Store } from '../types.ts';
import { changeChannel } from './change-feed.ts';
import { openPostgresStore } from './index.ts';

// Two stores on one database stand for two Ziggy processes.
const databases = postgresDatabases('ziggy_feed_test');
let url = '';
let a: Store;
let b: Store;
before(async () => {
  url = await databases.fresh('shared');
  a = await openPostgresStore({ url });
  b = await openPostgresStore({ url });
});
after(async () => {
  await a.close();
  await b.close();
  await databases.dropAll();
});

function nextNotice(store: Store): Promise<string | undefined> {
  return new Promise((resolve) => {
    const stop = store.changes.subscribe((name) => {
      stop();
      resolve(name);
    });
  });
}

async function listening(): Promise<number[]> {
  const { rows } = await postgresQuery(url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1", [`LISTEN ${changeChannel}`]);
  return rows.map((row: { pid: number }) => row.pid);
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    assert.ok(tries < 200, 'timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a change published by one process reaches the other, not itself', async () => {
  const heardByA: Array<string | undefined> = [];
  const stopA = a.changes.subscribe((name) => heardByA.push(name));
  const heardByB = nextNotice(b);
  await until(async () => (await listening()).length === 2);
  await a.changes.publish('warehouse');
  assert.equal(await heardByB, 'warehouse');
  await b.changes.publish('from-b');
  await until(async () => heardByA.length > 0);
  assert.deepEqual(heardByA, ['from-b']);
  stopA();
});

test('a listener whose connection is killed reconnects and is told that anything may have changed, then hears new changes', async () => {
  const heard: Array<string | undefined> = [];
  const stop = b.changes.subscribe((name) => heard.push(name));
  await until(async () => (await listening()).length === 2);
  const before = await listening();
  await postgresQuery(url, 'SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);
  await until(async () => heard.includes(undefined));
  await until(async () => (await listening()).length === 2);
  await a.changes.publish('after-reconnect');
  await until(async () => heard.includes('after-reconnect'));
  stop();
});

test('publishing never throws, even on a closed store', async () => {
  const store = await openPostgresStore({ url });
  await store.close();
  await store.changes.publish('anything');
});
