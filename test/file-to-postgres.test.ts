import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type pg from 'pg';
import { openHub, type Hub } from '../src/index.ts';
import { startSshd, type TestSshd } from './sshd.ts';
import { postgresSource } from './support/temp-services.ts';

// docs/file-blocks.md's example, as written there: an SFTP CSV drop into Postgres, batch by batch.
const actor = 'test:file-to-postgres';
const table = `orders_${randomBytes(3).toString('hex')}`;
let server: TestSshd;
let dataDir: string;
let hub: Hub;

before(async () => {
  server = await startSshd();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-file-to-pg-'));
  hub = await openHub({ dataDir, env: {}, mode: 'prod' });
  const { secrets, connections } = hub.services;
  await secrets.set({ name: 'SFTP_PASSWORD', value: server.password, mode: 'dev' }, actor);
  await secrets.set({ name: 'PG_PASSWORD', value: 'unused-with-trust-auth', mode: 'dev' }, actor);
  const drops = `{ host: '127.0.0.1', port: ${server.port}, username: '${server.username}', password: secrets.SFTP_PASSWORD }`;
  await connections.create({ name: 'drops', type: 'sftp', devSource: drops, prodSource: drops }, actor);
  await connections.create({ name: 'warehouse', type: 'postgres', devSource: postgresSource(), prodSource: postgresSource() }, actor);
  await hub.connections.use<pg.Pool>('warehouse', (pool) => pool.query(`create table ${table} (id integer primary key, total numeric, ordered_at timestamptz)`));
});
after(async () => {
  await hub.connections.use<pg.Pool>('warehouse', (pool) => pool.query(`drop table if exists ${table}`));
  await hub.close();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('copies every CSV of an SFTP drop into Postgres with the File Reader and the SQL Block insert', async () => {
  const day = (n: number) => ({ id: n, total: n * 1.5, ordered_at: `2026-12-0${1 + (n % 3)}T10:00:00Z` });
  await hub.operations.run('drops', 'fileWrite', { path: 'incoming/orders-1.csv', rows: Array.from({ length: 12_000 }, (_, n) => day(n)) });
  await hub.operations.run('drops', 'fileWrite', { path: 'incoming/orders-2.csv', rows: [day(20_000), day(20_001)] });
  await hub.operations.run('drops', 'fileWrite', { path: 'incoming/readme.txt', content: 'not orders' });

  const batches = await hub.operations.run('drops', 'fileRead', {
    path: 'incoming/orders-*.csv',
    batchSize: 5000,
    columns: { id: 'integer', total: 'number', ordered_at: 'date' },
  });
  const seen: string[] = [];
  assert.ok(typeof batches === 'object' && batches !== null && Symbol.asyncIterator in batches);
  for await (const { file, rows } of batches as AsyncIterable<{ file: { name: string }; rows: unknown[] }>) {
    const written = await hub.operations.run('warehouse', 'insert', { table, rows });
    seen.push(`${file.name}: ${Reflect.get(Object(written), 'inserted')} rows`);
  }
  assert.deepEqual(seen, ['orders-1.csv: 5000 rows', 'orders-1.csv: 5000 rows', 'orders-1.csv: 2000 rows', 'orders-2.csv: 2 rows']);
  const { rows } = await hub.connections.use('warehouse', (pool: pg.Pool) => pool.query(`select count(*)::int as n, sum(total)::float as total from ${table}`));
  assert.equal(rows[0].n, 12_002);
  assert.equal(rows[0].total, (Array.from({ length: 12_000 }, (_, n) => n).reduce((a, b) => a + b, 0) + 40_001) * 1.5);
});
