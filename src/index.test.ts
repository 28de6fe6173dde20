import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { openHub, type Hub } from './index.ts';
import { postgresSource } from '../test/support/temp-services.ts';

const actor = 'test:program';

describe('openHub (package API)', () => {
  let dataDir: string;
  let hub: Hub;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-hub-'));
    hub = await openHub({ dataDir, env: {}, revalidateMs: 60_000 });
    const { secrets, connections } = hub.services;
    await secrets.set({ name: 'PG_PASSWORD', value: 'dev-pw', mode: 'dev' }, actor);
    await secrets.set({ name: 'PG_PASSWORD', value: 'prod-pw', mode: 'prod' }, actor);
    await connections.create(
      {
        name: 'northwind',
        type: 'postgres',
        devSource: postgresSource({ database: 'test' }),
        prodSource: postgresSource({ database: 'postgres' }),
      },
      actor,
    );
  });
  after(async () => {
    await hub.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('hands out a live pg.Pool per mode, each with its own config', async () => {
    const dev = await hub.connections.get<pg.Pool>('northwind');
    const prod = await hub.connections.get<pg.Pool>('northwind', { mode: 'PROD' });
    assert.equal((await dev.query('select current_database() as db')).rows[0].db, 'test');
    assert.equal((await prod.query('select current_database() as db')).rows[0].db, 'postgres');
  });

  it('gives concurrent callers one pool', async () => {
    const pools = await Promise.all(Array.from({ length: 8 }, () => hub.connections.get('northwind', { mode: 'dev' })));
    assert.ok(pools.every((pool) => pool === pools[0]));
  });

  it('replaces the pool after an edit and ends the old one', async () => {
    const before = await hub.connections.get<pg.Pool>('northwind');
    await hub.services.connections.update('northwind', { devSource: postgresSource({ database: 'root' }) }, actor);
    const after = await hub.connections.get<pg.Pool>('northwind');
    assert.notEqual(after, before);
    assert.equal((await after.query('select current_database() as db')).rows[0].db, 'root');
    await assert.rejects(before.query('select 1'), /after calling end|ended/i);
  });

  it('replaces the pool after a secret change', async () => {
    const before = await hub.connections.get('northwind', { mode: 'prod' });
    await hub.services.secrets.set({ name: 'PG_PASSWORD', value: 'rotated', mode: 'prod' }, actor);
    assert.notEqual(await hub.connections.get('northwind', { mode: 'prod' }), before);
  });

  it('gives secret values per mode with prod falling back to dev', async () => {
    await hub.services.secrets.set({ name: 'ONLY_DEV', value: 'shared', mode: 'dev' }, actor);
    assert.equal(await hub.secrets.get('ONLY_DEV', { mode: 'prod' }), 'shared');
    assert.equal(await hub.secrets.get('PG_PASSWORD', { mode: 'dev' }), 'dev-pw');
    await assert.rejects(hub.secrets.get('NOPE'), /does not exist/);
  });

  it('names the connection, secret and mode when a referenced secret is missing', async () => {
    await hub.services.connections.create(
      { name: 'orphan', type: 'postgres', devSource: postgresSource({ secret: 'GONE' }) },
      actor,
    );
    await assert.rejects(hub.connections.get('orphan', { mode: 'prod' }), (error: Error) => {
      assert.match(error.message, /GONE/);
      assert.match(error.message, /orphan/);
      assert.match(error.message, /prod/);
      return true;
    });
  });

  it('runs an operation on the cached client, and a streamed one batch by batch', async () => {
    const whole = await hub.operations.run('northwind', 'select', { sql: 'select 1 as n' });
    assert.deepEqual(Reflect.get(Object(whole), 'rows'), [{ n: 1 }]);
    const streamed = await hub.operations.run('northwind', 'select', { sql: 'select generate_series(1, 25) as n', batchSize: 10 });
    assert.ok(typeof streamed === 'object' && streamed !== null && Symbol.asyncIterator in streamed);
    const sizes: number[] = [];
    for await (const batch of streamed as AsyncIterable<unknown[]>) sizes.push(batch.length);
    assert.deepEqual(sizes, [10, 10, 5]);
    await assert.rejects(hub.operations.run('northwind', 'select', { sql: 'select 1', nope: true }), /nope/);
    await assert.rejects(hub.operations.run('missing', 'select', {}), /does not exist/);
  });
});
